using Dl4m.Data;

namespace Dl4m.Categorical;

/// <summary>
/// Turns a song's dataset records into the categorical model's events on the beat grid. Only tempo-independent
/// fields are read (Δ and duration in beats, bar position and length), so a song and the same song re-timed to
/// another tempo, tempo map or resolution give the same events.
/// <para>Onsets are the cumulative Δbeats (summed in double), quantised to the nearest grid step; durations likewise
/// (at least one step). Notes are then put in canonical order, by (quantised onset, pitch ascending, file order):
/// notes landing on the same step form a chord written low to high, whatever order the file had them in, so the
/// model does not learn the file's arbitrary order. Δ steps are taken after sorting.</para>
/// </summary>
public static class BeatTokens
{
    /// <summary>Bar length in steps when a record gives none (4/4).</summary>
    public const int DefaultBarSteps = 4 * BeatGrid.StepsPerBeat;

    /// <summary>The events of <paramref name="song"/> in canonical order (pitches as stored, no key shift).</summary>
    public static CategoricalEvent[] Of(ReadOnlySpan<EventRecord> song)
    {
        var onsets = new int[song.Length];
        var order = new int[song.Length];
        double beats = 0;
        for (int i = 0; i < song.Length; i++)
        {
            beats += Math.Max(0.0, song[i].DeltaBeats);
            onsets[i] = BeatGrid.Quantize(beats);
            order[i] = i;
        }
        var pitches = new float[song.Length];
        for (int i = 0; i < song.Length; i++) pitches[i] = song[i].Note;
        // stable by construction: the file index breaks ties, so equal (onset, pitch) notes keep their order
        Array.Sort(order, (a, b) => onsets[a] != onsets[b] ? onsets[a].CompareTo(onsets[b])
            : pitches[a] != pitches[b] ? pitches[a].CompareTo(pitches[b]) : a.CompareTo(b));

        var events = new CategoricalEvent[song.Length];
        for (int k = 0; k < order.Length; k++)
        {
            int i = order[k];
            ref readonly var r = ref song[i];
            int delta = k == 0 ? 0 : onsets[i] - onsets[order[k - 1]];
            events[k] = new CategoricalEvent((int)r.Note, (int)r.Velocity, delta, Math.Max(1, BeatGrid.Quantize(r.DurationBeats)), BarStep(r));
        }
        return events;
    }

    /// <summary>The bar length of <paramref name="record"/> in grid steps (4/4 when it has none).</summary>
    public static int BarSteps(in EventRecord record)
    {
        int steps = BeatGrid.Quantize(record.BarLength);
        return steps > 0 ? steps : DefaultBarSteps;
    }

    /// <summary>The position of <paramref name="record"/>'s note-on in its bar, in grid steps (a position rounded up to the bar's end is the next bar's 0).</summary>
    public static int BarStep(in EventRecord record) => BeatGrid.Quantize(record.BarPosition) % BarSteps(record);

    /// <summary>The bar position <paramref name="deltaSteps"/> after <paramref name="barStep"/> in bars of <paramref name="barSteps"/> steps.</summary>
    public static int Advance(int barStep, int deltaSteps, int barSteps) => (int)(((long)barStep + deltaSteps) % barSteps);

    /// <summary>The median of the song's per-note tempi (bpm), or null when none is a usable tempo.</summary>
    public static double? MedianBpm(ReadOnlySpan<EventRecord> song)
    {
        var tempi = new List<float>(song.Length);
        foreach (ref readonly var e in song)
            if (e.Bpm is >= 10 and <= 400) tempi.Add(e.Bpm);
        return Median(tempi);
    }

    /// <summary>The median (lower middle value) of <paramref name="values"/>, or null when empty.</summary>
    internal static double? Median(List<float> values)
    {
        if (values.Count == 0) return null;
        values.Sort();
        return values[(values.Count - 1) / 2];
    }
}
