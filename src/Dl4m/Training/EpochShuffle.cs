namespace Dl4m.Training;

/// <summary>
/// The window order of each epoch: a Fisher–Yates shuffle driven by SplitMix64 seeded from (seed, epoch).
/// The order is a pure function of those two numbers, so the shuffle's random state at any point of training
/// is (seed, epoch, step) — which the checkpoint records — and a resumed run sees the same order.
/// </summary>
public static class EpochShuffle
{
    /// <summary>Fills <paramref name="order"/> with a permutation of 0 … order.Length−1 for this seed and epoch.</summary>
    public static void Fill(Span<int> order, int seed, int epoch)
    {
        for (int i = 0; i < order.Length; i++) order[i] = i;
        ulong state = Mix(((ulong)(uint)seed << 32) ^ (uint)epoch ^ 0x5DEECE66DUL);
        for (int i = order.Length - 1; i > 0; i--)
        {
            state += 0x9E3779B97F4A7C15UL;
            int j = (int)(Mix(state) % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
