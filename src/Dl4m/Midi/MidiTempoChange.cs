namespace Dl4m.Midi;

/// <summary>A segment of the tempo map in a <see cref="MidiFileSummary"/>.</summary>
/// <param name="Tick">Where the tempo starts.</param>
/// <param name="Seconds">The same point in seconds.</param>
/// <param name="Bpm">Quarter notes per minute.</param>
/// <param name="MicrosecondsPerQuarter">The raw tempo.</param>
/// <param name="Track">The track whose own map this is (format 2 only); null when the map is the file's.</param>
public sealed record MidiTempoChange(long Tick, double Seconds, double Bpm, int MicrosecondsPerQuarter, int? Track);
