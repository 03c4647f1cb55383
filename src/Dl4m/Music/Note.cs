namespace Dl4m.Music;

/// <summary>One sounding note in seconds: what a generated song is made of, and what a piano roll draws.</summary>
/// <param name="Pitch">MIDI note number 0–127.</param>
/// <param name="Velocity">Velocity 1–127.</param>
/// <param name="StartSeconds">Onset, seconds from the start of the song.</param>
/// <param name="DurationSeconds">Length in seconds.</param>
public readonly record struct Note(int Pitch, int Velocity, double StartSeconds, double DurationSeconds);
