namespace Dl4m.Data;

/// <summary>
/// Count, mean, variance, min and max of a stream of values, mergeable (Chan et al.'s parallel form of
/// Welford's update), so per-file statistics can be combined in file order into deterministic totals.
/// </summary>
public struct RunningStatistics
{
    private double _m2;

    /// <summary>Number of values seen.</summary>
    public long Count { get; private set; }

    /// <summary>Mean of the values (0 when empty).</summary>
    public double Mean { get; private set; }

    /// <summary>Smallest value (0 when empty).</summary>
    public double Min { get; private set; }

    /// <summary>Largest value (0 when empty).</summary>
    public double Max { get; private set; }

    /// <summary>Population standard deviation (0 when empty).</summary>
    public readonly double StandardDeviation => Count > 0 ? Math.Sqrt(Math.Max(0, _m2 / Count)) : 0;

    /// <summary>An accumulator that has seen values with these moments (m2 = Σ(x − mean)²).</summary>
    public static RunningStatistics FromMoments(long count, double mean, double m2, double min, double max) =>
        count == 0 ? default : new RunningStatistics { Count = count, Mean = mean, _m2 = m2, Min = min, Max = max };

    /// <summary>Adds one value.</summary>
    public void Add(double value)
    {
        if (Count == 0) { Min = Max = value; }
        else
        {
            if (value < Min) Min = value;
            if (value > Max) Max = value;
        }
        Count++;
        double delta = value - Mean;
        Mean += delta / Count;
        _m2 += delta * (value - Mean);
    }

    /// <summary>Adds every value another accumulator has seen.</summary>
    public void Merge(in RunningStatistics other)
    {
        if (other.Count == 0) return;
        if (Count == 0) { this = other; return; }
        long total = Count + other.Count;
        double delta = other.Mean - Mean;
        Mean += delta * other.Count / total;
        _m2 += other._m2 + delta * delta * ((double)Count * other.Count / total);
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
        Count = total;
    }
}
