using Dl4m.Midi;

namespace Dl4m.Data;

/// <summary>
/// Reads one file's bytes into a <see cref="MidiFile"/>. Throws <see cref="Dl4mException"/> (or any
/// exception) for a file that cannot be read; the dataset builder records it as a failure and goes on.
/// </summary>
public delegate MidiFile MidiParser(ReadOnlySpan<byte> bytes);
