namespace Dl4m.Midi;

/// <summary>Something <see cref="MidiFileFinder"/> could not follow (a dangling link, a link loop, an unreadable folder), and why.</summary>
/// <param name="Path">Path relative to the folder walked, '/' separators; a folder ends with '/'.</param>
/// <param name="Reason">One line: what was wrong.</param>
public sealed record SkippedPath(string Path, string Reason);
