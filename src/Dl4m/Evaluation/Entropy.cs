namespace Dl4m.Evaluation;

/// <summary>Shannon entropy of a histogram.</summary>
internal static class Entropy
{
    /// <summary>−Σ p log2 p over the non-empty bins; null when the histogram is empty.</summary>
    public static double? Bits(ReadOnlySpan<int> counts)
    {
        long total = 0;
        foreach (int c in counts) total += c;
        if (total == 0) return null;
        double h = 0;
        foreach (int c in counts)
        {
            if (c == 0) continue;
            double p = (double)c / total;
            h -= p * Math.Log2(p);
        }
        return h;
    }

    /// <summary>Entropy of the multiset of values given as their counts.</summary>
    public static double? Bits(IEnumerable<int> counts) => Bits(counts.ToArray().AsSpan());
}
