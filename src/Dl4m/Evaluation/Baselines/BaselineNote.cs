namespace Dl4m.Evaluation.Baselines;

/// <summary>One note of a baseline song, in the dataset's terms.</summary>
/// <param name="Pitch">MIDI note number 0–127.</param>
/// <param name="Velocity">Note-on velocity 1–127.</param>
/// <param name="DeltaSeconds">Seconds since the previous note's onset (0 for chords and the first note).</param>
/// <param name="DurationSeconds">Seconds until the note-off.</param>
public readonly record struct BaselineNote(int Pitch, int Velocity, double DeltaSeconds, double DurationSeconds);
