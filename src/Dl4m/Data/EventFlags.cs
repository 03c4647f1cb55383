namespace Dl4m.Data;

/// <summary>Bits of <see cref="EventRecord.Flags"/>.</summary>
public static class EventFlags
{
    /// <summary>The note had no note-off: its duration runs to the end of the song.</summary>
    public const byte Unterminated = 1;

    /// <summary>
    /// The Δtime was longer than <see cref="NoteEventExtractor.MaxSeconds"/> or <see cref="NoteEventExtractor.MaxBeats"/>
    /// (e.g. a huge but valid delta) and was capped there, so it cannot distort the normalisation statistics.
    /// </summary>
    public const byte DeltaCapped = 2;

    /// <summary>The duration was longer than the same limits and was capped there.</summary>
    public const byte DurationCapped = 4;
}
