namespace Dl4m.Nn.Transformer;

/// <summary>
/// Dropout whose mask is a hash of (seed, step, site, element index): the same elements drop whatever the thread count
/// and whichever thread computes them, and the backward recomputes the mask instead of storing it. An element is kept
/// with probability 1 − p and then scaled by 1/(1 − p) (inverted dropout, as torch.nn.Dropout).
/// </summary>
internal static class HashDropout
{
    /// <summary>y ⊙= mask/(1−p) in place, for elements [first, first + y.Length) of site <paramref name="site"/>.</summary>
    public static void Apply(Span<float> y, double p, ulong seed, ulong step, ulong site, long first)
    {
        if (p <= 0) return;
        uint threshold = Threshold(p);
        float scale = (float)(1 / (1 - p));
        ulong key = Mix(seed ^ Mix(step * 0x9E3779B97F4A7C15UL + site));
        for (int i = 0; i < y.Length; i++)
            y[i] = Keeps(key, first + i, threshold) ? y[i] * scale : 0f;
    }

    /// <summary>True when element <paramref name="index"/> survives.</summary>
    private static bool Keeps(ulong key, long index, uint threshold) => (uint)(Mix(key + (ulong)index * 0xD1B54A32D192ED03UL) >> 32) >= threshold;

    private static uint Threshold(double p) => (uint)Math.Min(uint.MaxValue, Math.Round(p * 4294967296.0));

    /// <summary>SplitMix64's finaliser: a bijective 64-bit mix.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
