namespace Dl4m.Midi;

/// <summary>A MIDI file found below the input folder.</summary>
/// <param name="FullPath">Absolute path.</param>
/// <param name="RelativePath">Path relative to the input folder, '/' separators.</param>
/// <param name="Label">First-level subfolder, or <see cref="MidiFileFinder.RootLabel"/>.</param>
public sealed record MidiFileLocation(string FullPath, string RelativePath, string Label);
