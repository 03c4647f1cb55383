namespace Dl4m.Data;

/// <summary>The options a dataset was built with, as the manifest records them.</summary>
/// <param name="Drums">"exclude" or "include" (channel 9).</param>
/// <param name="Split">Train/validation/test percentages, e.g. "80/10/10".</param>
/// <param name="Extensions">File extensions read, matched case-insensitively.</param>
/// <param name="GroupBy">
/// What placed each file in its split: "content" (its hash) or "name" (its file name, case-insensitive, without
/// extension). Manifests written before the option existed grouped by content and read as "content".
/// </param>
public sealed record DatasetOptionsRecord(string Drums, string Split, IReadOnlyList<string> Extensions, string GroupBy = "content");
