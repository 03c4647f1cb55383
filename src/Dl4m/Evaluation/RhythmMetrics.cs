namespace Dl4m.Evaluation;

/// <summary>Tempo and rhythm: inter-onset-interval entropy, onsets on the 16th grid, MusPy's groove consistency.</summary>
public static class RhythmMetrics
{
    /// <summary>Steps of the IOI quantisation per quarter-note beat (1/12 beat holds 16ths and triplets).</summary>
    public const int IoiStepsPerBeat = 12;

    /// <summary>Grid of <see cref="OnGridRate"/> and groove patterns: 16th notes, 4 per beat.</summary>
    public const int GridStepsPerBeat = 4;

    /// <summary>How far from a 16th grid point an onset may lie and count as on it, in beats (a tenth of a 16th).</summary>
    public const double OnGridToleranceBeats = 0.025;

    /// <summary>Bar-based metrics are n/a for songs whose last onset lies beyond this many beats (broken files).</summary>
    public const double MaxBarBeats = 1_000_000;

    /// <summary>Rounds half up, the same in every language (Math.Round would round half to even).</summary>
    internal static long RoundHalfUp(double x) => (long)Math.Floor(x + 0.5);

    /// <summary>Onset beats of the distinct onset ticks, in time order.</summary>
    public static List<double> DistinctOnsetBeats(IReadOnlyList<EvaluationNote> notes)
    {
        var onsets = new List<double>();
        for (int i = 0; i < notes.Count; i++)
            if (i == 0 || notes[i].OnsetTick != notes[i - 1].OnsetTick) onsets.Add(notes[i].OnsetBeats);
        return onsets;
    }

    /// <summary>Intervals between consecutive distinct onsets in 1/12-beat steps (rounded half up).</summary>
    public static List<long> QuantisedIois(List<double> onsetBeats)
    {
        var iois = new List<long>(Math.Max(0, onsetBeats.Count - 1));
        for (int i = 1; i < onsetBeats.Count; i++) iois.Add(RoundHalfUp((onsetBeats[i] - onsetBeats[i - 1]) * IoiStepsPerBeat));
        return iois;
    }

    /// <summary>Entropy in bits of the quantised IOIs; null below 2 distinct onsets.</summary>
    public static double? IoiEntropy(List<long> quantisedIois) =>
        quantisedIois.Count == 0 ? null : Entropy.Bits(quantisedIois.GroupBy(x => x).Select(g => g.Count()));

    /// <summary>Share of notes whose onset lies within <see cref="OnGridToleranceBeats"/> of the 16th grid; null without notes.</summary>
    public static double? OnGridRate(IReadOnlyList<EvaluationNote> notes)
    {
        if (notes.Count == 0) return null;
        int on = 0;
        foreach (var n in notes)
        {
            double steps = n.OnsetBeats * GridStepsPerBeat;
            if (Math.Abs(steps - RoundHalfUp(steps)) <= OnGridToleranceBeats * GridStepsPerBeat + 1e-9) on++;
        }
        return (double)on / notes.Count;
    }

    /// <summary>
    /// MusPy's groove consistency on a 16th-note grid with bars from the time signatures: onsets are rounded to
    /// the grid, each bar gets a binary onset pattern (one slot per 16th), and the result is
    /// 1 − mean over neighbouring bars of Hamming distance / steps per bar (bars of different lengths: the shorter
    /// is padded with silence and the longer length divides). Bars run from the first to the one holding the last
    /// onset. Null below 2 bars.
    /// </summary>
    public static double? GrooveConsistency(List<double> onsetBeats, BarGrid bars)
    {
        if (onsetBeats.Count == 0) return null;
        var patterns = BarPatterns(onsetBeats, bars, out var stepsPerBar);
        if (patterns is null || patterns.Count < 2) return null;
        double sum = 0;
        for (int b = 1; b < patterns.Count; b++)
        {
            int steps = Math.Max(stepsPerBar[b - 1], stepsPerBar[b]);
            if (steps == 0) continue;
            int distance = patterns[b - 1].Count + patterns[b].Count - 2 * patterns[b - 1].Intersect(patterns[b]).Count();
            sum += (double)distance / steps;
        }
        return 1.0 - sum / (patterns.Count - 1);
    }

    /// <summary>The set of 16th-grid onset slots of each bar, and each bar's length in slots; null for absurd lengths.</summary>
    internal static List<HashSet<int>>? BarPatterns(List<double> onsetBeats, BarGrid bars, out List<int> stepsPerBar)
    {
        stepsPerBar = [];
        double last = onsetBeats[^1];
        if (last > MaxBarBeats) return null;
        var quantised = onsetBeats.Select(b => RoundHalfUp(b * GridStepsPerBeat) / (double)GridStepsPerBeat).ToList();
        var starts = bars.BarStarts(quantised[^1]);
        var patterns = new List<HashSet<int>>(starts.Count);
        for (int b = 0; b < starts.Count; b++)
        {
            double end = b + 1 < starts.Count ? starts[b + 1] : starts[b] + bars.BarLengthAt(starts[b]);
            stepsPerBar.Add((int)RoundHalfUp((end - starts[b]) * GridStepsPerBeat));
            patterns.Add([]);
        }
        foreach (double q in quantised)
        {
            int bar = BarIndex(starts, q);
            int slot = (int)Math.Clamp(RoundHalfUp((q - starts[bar]) * GridStepsPerBeat), 0, Math.Max(0, stepsPerBar[bar] - 1));
            patterns[bar].Add(slot);
        }
        return patterns;
    }

    /// <summary>Index of the last bar starting at or before the beat (0 for beats before the first bar).</summary>
    internal static int BarIndex(List<double> starts, double beat)
    {
        int i = starts.BinarySearch(beat);
        return i >= 0 ? i : Math.Max(0, ~i - 1);
    }
}
