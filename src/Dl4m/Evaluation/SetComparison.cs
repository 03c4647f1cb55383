namespace Dl4m.Evaluation;

/// <summary>Every metric of an evaluated set compared with a reference set.</summary>
public sealed class SetComparison
{
    private SetComparison(IReadOnlyList<MetricComparison> metrics, double[]? referencePitchClasses) =>
        (Metrics, ReferencePitchClassShares) = (metrics, referencePitchClasses);

    /// <summary>One comparison per metric of <see cref="MetricCatalog"/>, in its order.</summary>
    public IReadOnlyList<MetricComparison> Metrics { get; }

    /// <summary>The reference set's pooled pitch-class shares (what pitch_class_distance measures against).</summary>
    public double[]? ReferencePitchClassShares { get; }

    /// <summary>
    /// Fills pitch_class_distance in both sets (each song against the reference's pooled pitch-class shares), then
    /// compares every metric.
    /// </summary>
    public static SetComparison Compare(EvaluatedSet evaluated, EvaluatedSet reference)
    {
        var shares = reference.PooledPitchClassShares();
        evaluated.SetPitchClassDistance(shares);
        reference.SetPitchClassDistance(shares);
        var metrics = Enumerable.Range(0, MetricCatalog.Count).Select(m => MetricComparison.Of(m, evaluated, reference)).ToList();
        return new SetComparison(metrics, shares);
    }
}
