namespace Dl4m.Evaluation;

/// <summary>The notes of one song, ready for the metrics: non-drum notes sorted by onset tick, then pitch.</summary>
public sealed class EvaluationSong
{
    /// <summary>Creates a song from its notes (sorted here) and bar lines.</summary>
    public EvaluationSong(List<EvaluationNote> notes, BarGrid bars, int drumNoteCount = 0)
    {
        notes.Sort(static (a, b) => a.OnsetTick != b.OnsetTick ? a.OnsetTick.CompareTo(b.OnsetTick) : a.Pitch.CompareTo(b.Pitch));
        Notes = notes;
        Bars = bars;
        DrumNoteCount = drumNoteCount;
    }

    /// <summary>Non-drum notes, by onset tick, then pitch.</summary>
    public IReadOnlyList<EvaluationNote> Notes { get; }

    /// <summary>Bar lines from the file's time signatures (4/4 when it has none).</summary>
    public BarGrid Bars { get; }

    /// <summary>Notes on channel 10 (index 9, General MIDI drums), which the metrics leave out.</summary>
    public int DrumNoteCount { get; }
}
