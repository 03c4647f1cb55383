namespace Dl4m.Evaluation;

/// <summary>
/// One metric compared between an evaluated set A and a reference set B, after Yang &amp; Lerch (2019): the
/// intra-set distances of A (|a_i − a_j|) against the inter-set distances (|a_i − b_j|). A high overlapped area
/// and a low KL divergence mean A's songs differ from the reference as little as they differ among themselves.
/// </summary>
/// <param name="Metric">Which metric.</param>
/// <param name="Evaluated">Set A's summary.</param>
/// <param name="Reference">Set B's summary.</param>
/// <param name="OverlapArea">∫ min(intra-A PDF, inter PDF) in [0, 1]; null when either distance set has fewer than 2 values.</param>
/// <param name="KlDivergence">KL(intra-A ‖ inter) in nats; null likewise.</param>
/// <param name="IntraPairs">Intra-set distances of A used.</param>
/// <param name="InterPairs">Inter-set distances used.</param>
/// <param name="Sampled">True when distances were subsampled (more than <see cref="PairDistances.MaxPairs"/> pairs).</param>
public sealed record MetricComparison(
    MetricInfo Metric, MetricSummary Evaluated, MetricSummary Reference,
    double? OverlapArea, double? KlDivergence, int IntraPairs, int InterPairs, bool Sampled)
{
    /// <summary>Compares one metric of two sets.</summary>
    public static MetricComparison Of(int metric, EvaluatedSet evaluated, EvaluatedSet reference)
    {
        var a = evaluated.DefinedValues(metric);
        var b = reference.DefinedValues(metric);
        var intra = PairDistances.Intra(a);
        var inter = PairDistances.Inter(a, b);
        var result = DistributionOverlap.Compare(intra, inter);
        bool sampled = PairDistances.IsSampled(a.Count) || (long)a.Count * b.Count > PairDistances.MaxPairs;
        return new MetricComparison(MetricCatalog.All[metric], evaluated.Summary(metric), reference.Summary(metric),
            result?.OverlapArea, result?.KlDivergence, intra.Length, inter.Length, sampled);
    }
}
