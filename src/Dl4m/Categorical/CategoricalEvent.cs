namespace Dl4m.Categorical;

/// <summary>One note-on as the categorical model sees it, in natural units (the dataset's record without the extras).</summary>
/// <param name="Pitch">MIDI note 0–127.</param>
/// <param name="Velocity">Velocity 1–127.</param>
/// <param name="DeltaSeconds">Seconds since the previous note-on (0 for chord notes).</param>
/// <param name="DurationSeconds">Seconds until the note-off.</param>
public readonly record struct CategoricalEvent(int Pitch, int Velocity, float DeltaSeconds, float DurationSeconds)
{
    /// <summary>The event of a dataset record.</summary>
    public static CategoricalEvent From(in Data.EventRecord record) =>
        new((int)record.Note, (int)record.Velocity, record.DeltaSeconds, record.DurationSeconds);
}
