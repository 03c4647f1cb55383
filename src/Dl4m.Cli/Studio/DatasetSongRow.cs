namespace Dl4m.Cli.Studio;

/// <summary>One dataset song the page offers as a primer.</summary>
/// <param name="Index">Song index in the dataset (what <c>dl4m generate --song</c> takes).</param>
/// <param name="Path">File path relative to the corpus.</param>
/// <param name="Label">The song's label.</param>
/// <param name="Split">train, validation or test.</param>
public sealed record DatasetSongRow(int Index, string Path, string Label, string Split);
