namespace Dl4m.Evaluation;

/// <summary>MusPy's pitch metrics: range, pitches and pitch classes used, entropies, scale consistency.</summary>
public static class PitchMetrics
{
    // Scale degrees above the tonic (MusPy's masks): major and natural minor.
    private static readonly int[] MajorScale = [0, 2, 4, 5, 7, 9, 11];
    private static readonly int[] MinorScale = [0, 2, 3, 5, 7, 8, 10];

    /// <summary>Highest minus lowest pitch; null without notes.</summary>
    public static double? PitchRange(IReadOnlyList<EvaluationNote> notes)
    {
        if (notes.Count == 0) return null;
        int lo = 127, hi = 0;
        foreach (var n in notes) { lo = Math.Min(lo, n.Pitch); hi = Math.Max(hi, n.Pitch); }
        return hi - lo;
    }

    /// <summary>Note onsets per pitch (128 bins).</summary>
    public static int[] PitchCounts(IReadOnlyList<EvaluationNote> notes)
    {
        var counts = new int[128];
        foreach (var n in notes) counts[n.Pitch]++;
        return counts;
    }

    /// <summary>Note onsets per pitch class (12 bins, C = 0).</summary>
    public static int[] PitchClassCounts(IReadOnlyList<EvaluationNote> notes)
    {
        var counts = new int[12];
        foreach (var n in notes) counts[n.Pitch % 12]++;
        return counts;
    }

    /// <summary>Number of non-empty bins.</summary>
    public static int Used(ReadOnlySpan<int> counts)
    {
        int used = 0;
        foreach (int c in counts) if (c > 0) used++;
        return used;
    }

    /// <summary>Largest share of notes inside one of the 24 major and natural-minor scales; null without notes.</summary>
    public static double? ScaleConsistency(ReadOnlySpan<int> pitchClassCounts)
    {
        long total = 0;
        foreach (int c in pitchClassCounts) total += c;
        if (total == 0) return null;
        long best = 0;
        foreach (var scale in (int[][])[MajorScale, MinorScale])
        {
            for (int tonic = 0; tonic < 12; tonic++)
            {
                long inScale = 0;
                foreach (int degree in scale) inScale += pitchClassCounts[(tonic + degree) % 12];
                best = Math.Max(best, inScale);
            }
        }
        return (double)best / total;
    }
}
