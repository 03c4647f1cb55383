namespace Dl4m.Data;

/// <summary>A file skipped because its bytes equal an earlier (in path order) kept file.</summary>
/// <param name="Path">Path of the skipped file, relative to the input folder.</param>
/// <param name="SameAs">Path of the kept file with the same content.</param>
public sealed record DuplicateEntry(string Path, string SameAs);
