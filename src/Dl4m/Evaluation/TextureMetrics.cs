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
        var byPitch = notes.Where(n => n.EndTick > n.OnsetTick)
            .Select(n => (n.Pitch, Start: n.OnsetTick, End: n.EndTick))
            .OrderBy(s => s.Pitch).ThenBy(s => s.Start).ToList();
        var edges = new List<(long Tick, int Delta)>(byPitch.Count * 2);
        for (int i = 0; i < byPitch.Count;)
        {
            int pitch = byPitch[i].Pitch;
            long start = byPitch[i].Start, end = byPitch[i].End;
            for (i++; i < byPitch.Count && byPitch[i].Pitch == pitch && byPitch[i].Start <= end; i++)
                end = Math.Max(end, byPitch[i].End);
            edges.Add((start, +1));
            edges.Add((end, -1));
        }
        edges.Sort(static (a, b) => a.Tick.CompareTo(b.Tick));

        long soundingTicks = 0, multiTicks = 0, pitchTicks = 0;
        int active = 0;
        for (int i = 0; i < edges.Count; i++)
        {
            active += edges[i].Delta;
            long span = i + 1 < edges.Count ? edges[i + 1].Tick - edges[i].Tick : 0;
            if (span == 0) continue;
            if (active >= 1) soundingTicks += span;
            if (active >= 2) multiTicks += span;
            pitchTicks += active * span;
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
}
