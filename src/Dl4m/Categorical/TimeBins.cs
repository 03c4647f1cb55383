using System.Text.Json.Serialization;

namespace Dl4m.Categorical;

/// <summary>
/// Bins for a time in seconds (Δtime or duration): bin 0 holds [0, <c>Edges[0]</c>) — for Δtime that is
/// "together with the previous note" (chords) — and bins 1…Count−1 are log-spaced up to the last edge;
/// longer times fall in the last bin. Each bin has a representative value that generation writes: the median
/// of the training values that fell in it (so generated rhythms land on the corpus' own durations), or the
/// bin's geometric centre when no training value fell in it.
/// </summary>
public sealed record TimeBins
{
    /// <summary>Upper edges of bins 0…Count−2, increasing (Count−1 values). A time t is in the first bin whose edge is above t.</summary>
    public required float[] Edges { get; init; }

    /// <summary>The representative time of each bin, in seconds (Count values).</summary>
    public required float[] Values { get; init; }

    /// <summary>Number of bins.</summary>
    [JsonIgnore]
    public int Count => Values.Length;

    /// <summary>
    /// <paramref name="count"/> bins: bin 0 is [0, <paramref name="min"/>), then count−1 log-spaced bins from
    /// <paramref name="min"/> to <paramref name="max"/> (the last is open above). Values are 0 for bin 0 and the
    /// geometric centres elsewhere (the last bin's value is its lower edge × the step's square root).
    /// </summary>
    public static TimeBins LogSpaced(int count, double min, double max)
    {
        if (count < 2) throw new Dl4mException($"time bins: need at least 2 bins (got {count})");
        if (!(min > 0) || !(max > min)) throw new Dl4mException($"time bins: need 0 < min < max (got {min}, {max})");
        var edges = new float[count - 1];
        var values = new float[count];
        double ratio = Math.Pow(max / min, 1.0 / (count - 1));
        for (int i = 0; i < edges.Length; i++) edges[i] = (float)(min * Math.Pow(ratio, i));
        for (int i = 1; i < count; i++) values[i] = (float)(edges[i - 1] * Math.Sqrt(ratio));
        return new TimeBins { Edges = edges, Values = values };
    }

    /// <summary>The bin of <paramref name="seconds"/> (negative and NaN times count as 0).</summary>
    public int Bin(float seconds)
    {
        if (!(seconds > 0)) return 0;
        // first edge above seconds = its bin; binary search for the upper bound
        int lo = 0, hi = Edges.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (Edges[mid] > seconds) hi = mid; else lo = mid + 1;
        }
        return lo;
    }

    /// <summary>A copy whose values are the medians of <paramref name="times"/> per bin (bins without any keep their value).</summary>
    public TimeBins WithMedians(IEnumerable<float> times)
    {
        var perBin = new List<float>[Count];
        for (int i = 0; i < Count; i++) perBin[i] = [];
        foreach (float t in times) perBin[Bin(t)].Add(Math.Max(t, 0f));
        var values = (float[])Values.Clone();
        for (int i = 0; i < Count; i++)
        {
            if (perBin[i].Count == 0) continue;
            perBin[i].Sort();
            values[i] = perBin[i][(perBin[i].Count - 1) / 2];
        }
        return this with { Values = values };
    }

    /// <summary>Throws a <see cref="Dl4mException"/> naming <paramref name="what"/> when the bins are inconsistent.</summary>
    public void Validate(string what)
    {
        if (Values is null || Edges is null || Values.Length < 2 || Edges.Length != Values.Length - 1)
            throw new Dl4mException($"{what}: needs at least 2 bins and one edge fewer than values");
        for (int i = 0; i < Edges.Length; i++)
            if (!(Edges[i] > 0) || (i > 0 && !(Edges[i] > Edges[i - 1])))
                throw new Dl4mException($"{what}: edges must be positive and increasing (edge {i} is {Edges[i]})");
        if (Values.Any(v => !(v >= 0) || float.IsInfinity(v)))
            throw new Dl4mException($"{what}: bin values must be finite and not negative");
    }
}
