namespace Dl4m.Evaluation;

/// <summary>How many notes sound at once: MusPy's polyphony, polyphony rate and empty-beat rate, and onset chords.</summary>
public static class TextureMetrics
{
    /// <summary>
    /// MusPy's piano roll at tick resolution, computed without allocating it: for each pitch the union of its notes'
    /// [onset, end) spans, then a sweep over span starts and ends.
    /// Returns (polyphony, polyphony rate); polyphony is null without sounding ticks, the rate null for zero length.
    /// </summary>
    public static (double? Polyphony, double? PolyphonyRate) Polyphony(IReadOnlyList<EvaluationNote> notes)
    {
        if (notes.Count == 0) return (null, null);
        long length = 0;
        foreach (var n in notes) length = Math.Max(length, n.EndTick);

        // Union of spans per pitch: a pitch held by two overlapping notes is one pitch sounding (a piano-roll cell).
        var spans = new (int Pitch, long Start, long End)[notes.Count];
        int count = 0;
        foreach (var n in notes)
            if (n.EndTick > n.OnsetTick) spans[count++] = (n.Pitch, n.OnsetTick, n.EndTick);
        Array.Sort(spans, 0, count, SpanOrder.Instance);
        var starts = new long[count];
        var ends = new long[count];
        int merged = 0;
        for (int i = 0; i < count;)
        {
            int pitch = spans[i].Pitch;
            long start = spans[i].Start, end = spans[i].End;
            for (i++; i < count && spans[i].Pitch == pitch && spans[i].Start <= end; i++)
                end = Math.Max(end, spans[i].End);
            starts[merged] = start;
            ends[merged++] = end;
        }
        Array.Sort(starts, 0, merged);
        Array.Sort(ends, 0, merged);

        // Walk both sorted edge lists; between consecutive edges, `active` pitches sound.
        long soundingTicks = 0, multiTicks = 0, pitchTicks = 0, previous = 0;
        int active = 0;
        for (int si = 0, ei = 0; ei < merged;)
        {
            bool isStart = si < merged && starts[si] <= ends[ei];
            long tick = isStart ? starts[si] : ends[ei];
            long span = tick - previous;
            if (active >= 1) soundingTicks += span;
            if (active >= 2) multiTicks += span;
            pitchTicks += active * span;
            previous = tick;
            if (isStart) { active++; si++; }
            else { active--; ei++; }
        }
        double? polyphony = soundingTicks > 0 ? (double)pitchTicks / soundingTicks : null;
        double? rate = length > 0 ? (double)multiTicks / length : null;
        return (polyphony, rate);
    }

    /// <summary>
    /// Share of quarter-note beats [b, b+1) in which no note sounds, over beats 0 up to the last note's end.
    /// A note covers the beats its span [onset, end) overlaps, and at least the beat of its onset. Null without notes.
    /// </summary>
    public static double? EmptyBeatRate(IReadOnlyList<EvaluationNote> notes)
    {
        if (notes.Count == 0) return null;
        // Merge the notes' beat ranges instead of marking an array: a broken file may end a billion beats out.
        var ranges = notes.Select(n => (First: (long)Math.Floor(n.OnsetBeats), Last: LastBeat(n))).OrderBy(r => r.First).ToList();
        long covered = 0, beats = 0, runFirst = ranges[0].First, runLast = ranges[0].Last;
        foreach (var (first, last) in ranges.Skip(1))
        {
            if (first > runLast + 1)
            {
                covered += runLast - runFirst + 1;
                (runFirst, runLast) = (first, last);
            }
            else runLast = Math.Max(runLast, last);
        }
        covered += runLast - runFirst + 1;
        foreach (var r in ranges) beats = Math.Max(beats, r.Last + 1);
        return 1.0 - (double)covered / beats;
    }

    private static long LastBeat(in EvaluationNote n) =>
        Math.Max((long)Math.Floor(n.OnsetBeats), (long)Math.Ceiling(n.EndBeats) - 1);

    /// <summary>Number of notes starting on each distinct onset tick, in time order.</summary>
    public static List<int> OnsetGroupSizes(IReadOnlyList<EvaluationNote> notes)
    {
        var sizes = new List<int>();
        for (int i = 0; i < notes.Count;)
        {
            int j = i;
            while (j < notes.Count && notes[j].OnsetTick == notes[i].OnsetTick) j++;
            sizes.Add(j - i);
            i = j;
        }
        return sizes;
    }

    /// <summary>Onset groups by size 1, 2, 3, 4, 5+.</summary>
    public static int[] ChordSizeCounts(IEnumerable<int> groupSizes)
    {
        var counts = new int[SongMetrics.ChordSizeBins];
        foreach (int s in groupSizes) counts[Math.Min(s, SongMetrics.ChordSizeBins) - 1]++;
        return counts;
    }

    private sealed class SpanOrder : IComparer<(int Pitch, long Start, long End)>
    {
        public static readonly SpanOrder Instance = new();

        public int Compare((int Pitch, long Start, long End) a, (int Pitch, long Start, long End) b) =>
            a.Pitch != b.Pitch ? a.Pitch.CompareTo(b.Pitch) : a.Start.CompareTo(b.Start);
    }
}
