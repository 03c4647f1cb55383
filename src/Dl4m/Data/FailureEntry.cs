namespace Dl4m.Data;

/// <summary>A file that could not be read, and why.</summary>
/// <param name="Path">Path relative to the input folder, with '/' separators.</param>
/// <param name="Reason">The reader's one-line reason.</param>
public sealed record FailureEntry(string Path, string Reason);
