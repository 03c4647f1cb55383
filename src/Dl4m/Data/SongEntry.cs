namespace Dl4m.Data;

/// <summary>One kept song of a dataset: where it came from and where its events are in the event file.</summary>
public sealed record SongEntry
{
    /// <summary>Path relative to the input folder, with '/' separators.</summary>
    public required string Path { get; init; }

    /// <summary>First-level subfolder of the input folder, or "(root)" for files directly in it.</summary>
    public required string Label { get; init; }

    /// <summary>The split, chosen from the content hash or (prepare --group-by name) the file name.</summary>
    public required DatasetSplit Split { get; init; }

    /// <summary>SHA-256 of the file's bytes, lower-case hex.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Index of the song's first record in the event file.</summary>
    public required long EventOffset { get; init; }

    /// <summary>Number of records of the song.</summary>
    public required int EventCount { get; init; }

    /// <summary>Note-ons with velocity above 0 in the file before filtering.</summary>
    public required int NoteOns { get; init; }

    /// <summary>True when lenient reading skipped damage in the file.</summary>
    public bool Salvaged { get; init; }

    /// <summary>What lenient reading repaired (the first problem: byte offset, reason, kind; and how many more), when salvaged.</summary>
    public string? SalvageReason { get; init; }
}
