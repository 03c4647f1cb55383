namespace Dl4m.Evaluation;

/// <summary>
/// Yang &amp; Lerch's distances for one metric: absolute differences between songs' values, within a set (every
/// unordered pair) or across two sets (every pair). Above <see cref="MaxPairs"/> pairs a fixed-seed random
/// sample of that many pairs stands in (uniform, with replacement), so a run is reproducible and stays fast.
/// </summary>
public static class PairDistances
{
    /// <summary>Most distances used per distribution (1,000 songs give 499,500 intra-set pairs).</summary>
    public const int MaxPairs = 200_000;

    private const ulong Seed = 0x9E3779B97F4A7C15;

    /// <summary>|a_i − a_j| for i &lt; j, or a deterministic sample of them; empty below 2 values.</summary>
    public static double[] Intra(IReadOnlyList<double> a)
    {
        long n = a.Count;
        long pairs = n * (n - 1) / 2;
        if (pairs <= 0) return [];
        if (pairs <= MaxPairs)
        {
            var all = new double[pairs];
            int k = 0;
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++) all[k++] = Math.Abs(a[i] - a[j]);
            return all;
        }
        var rng = new SplitMix64(Seed);
        var sample = new double[MaxPairs];
        for (int k = 0; k < MaxPairs; k++)
        {
            int i = rng.Below((int)n), j = rng.Below((int)n - 1);
            if (j >= i) j++; // a distinct partner, uniform over the others
            sample[k] = Math.Abs(a[i] - a[j]);
        }
        return sample;
    }

    /// <summary>|a_i − b_j| for every pair, or a deterministic sample of them; empty when a set is empty.</summary>
    public static double[] Inter(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        long pairs = (long)a.Count * b.Count;
        if (pairs == 0) return [];
        if (pairs <= MaxPairs)
        {
            var all = new double[pairs];
            int k = 0;
            foreach (double x in a)
                foreach (double y in b) all[k++] = Math.Abs(x - y);
            return all;
        }
        var rng = new SplitMix64(Seed ^ 0xD1B54A32D192ED03);
        var sample = new double[MaxPairs];
        for (int k = 0; k < MaxPairs; k++) sample[k] = Math.Abs(a[rng.Below(a.Count)] - b[rng.Below(b.Count)]);
        return sample;
    }

    /// <summary>True when the distances of these set sizes are sampled rather than complete.</summary>
    public static bool IsSampled(int intraCount) => (long)intraCount * (intraCount - 1) / 2 > MaxPairs;

    /// <summary>SplitMix64: a tiny, well-mixed generator whose output is the same on every machine.</summary>
    private struct SplitMix64(ulong state)
    {
        private ulong _state = state;

        private ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }

        /// <summary>Uniform in [0, n) (Lemire's multiply-shift; its tiny bias is irrelevant here).</summary>
        public int Below(int n) => (int)(((Next() >> 32) * (ulong)n) >> 32);
    }
}
