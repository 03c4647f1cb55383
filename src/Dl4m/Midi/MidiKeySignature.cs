namespace Dl4m.Midi;

/// <summary>A key-signature event in a <see cref="MidiFileSummary"/>.</summary>
/// <param name="Tick">Where it is.</param>
/// <param name="Seconds">The same point in seconds.</param>
/// <param name="Sharps">Sharps (positive) or flats (negative).</param>
/// <param name="Minor">True for a minor key.</param>
/// <param name="Name">"G major", "E minor"…</param>
/// <param name="Track">Track holding the event.</param>
public sealed record MidiKeySignature(long Tick, double Seconds, int Sharps, bool Minor, string Name, int Track);
