namespace Dl4m.Data;

/// <summary>Normalisation statistics of one feature over the train split (population standard deviation).</summary>
/// <param name="Mean">Mean.</param>
/// <param name="Std">Population standard deviation.</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
/// <param name="Count">Number of events measured.</param>
public sealed record FeatureNormalization(double Mean, double Std, double Min, double Max, long Count)
{
    /// <summary>Snapshot of a running accumulator.</summary>
    public static FeatureNormalization From(in RunningStatistics s) => new(s.Mean, s.StandardDeviation, s.Min, s.Max, s.Count);
}
