namespace Dl4m.Evaluation;

/// <summary>One file of an evaluated set: its metrics, or why it could not be read.</summary>
/// <param name="Path">The file's path as given or found.</param>
/// <param name="Metrics">The metrics; null when the file could not be read.</param>
/// <param name="Error">One-line reason when the file could not be read.</param>
public sealed record EvaluatedFile(string Path, SongMetrics? Metrics, string? Error);
