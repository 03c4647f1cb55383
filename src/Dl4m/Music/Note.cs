namespace Dl4m.Generation;

/// <summary>One note of a generated song.</summary>
/// <param name="Note">MIDI note number 0–127.</param>
/// <param name="Velocity">Velocity 1–127.</param>
/// <param name="StartSeconds">Onset, seconds from the start of the song.</param>
/// <param name="DurationSeconds">Length in seconds (always above 0: every note-on gets a note-off).</param>
public readonly record struct GeneratedNote(int Note, int Velocity, double StartSeconds, double DurationSeconds);
