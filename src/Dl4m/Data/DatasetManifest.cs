namespace Dl4m.Data;

/// <summary>
/// Contents of a dataset's manifest.json (snake_case keys). Deterministic: the same corpus and options
/// give the same bytes (no timestamps, thread count not recorded, lists in path order).
/// </summary>
public sealed record DatasetManifest
{
    /// <summary><see cref="DatasetFormat.SchemaVersion"/> of the writer.</summary>
    public required int SchemaVersion { get; init; }

    /// <summary>dl4m version that wrote the dataset.</summary>
    public required string Dl4mVersion { get; init; }

    /// <summary>Full path of the input folder.</summary>
    public required string Source { get; init; }

    /// <summary>Options that shaped the data.</summary>
    public required DatasetOptionsRecord Options { get; init; }

    /// <summary>Name of the event file in the folder.</summary>
    public string EventsFile { get; init; } = DatasetFormat.EventsFile;

    /// <summary>Name of the song list in the folder.</summary>
    public string SongsFile { get; init; } = DatasetFormat.SongsFile;

    /// <summary>Bytes per event record.</summary>
    public int RecordSize { get; init; } = DatasetFormat.RecordSize;

    /// <summary>Totals.</summary>
    public required DatasetCounts Counts { get; init; }

    /// <summary>Counts per label (first-level subfolder), sorted by label.</summary>
    public required SortedDictionary<string, DatasetCounts> Labels { get; init; }

    /// <summary>Counts of kept songs per split ("train", "validation", "test").</summary>
    public required Dictionary<string, DatasetCounts> Splits { get; init; }

    /// <summary>Per-feature statistics of the train split: note, velocity, delta_seconds, duration_seconds, delta_beats.</summary>
    public required Dictionary<string, FeatureNormalization> Normalization { get; init; }

    /// <summary>Files that could not be read, in path order.</summary>
    public required List<FailureEntry> Failures { get; init; }

    /// <summary>Files skipped as byte-identical to an earlier one, in path order.</summary>
    public required List<DuplicateEntry> Duplicates { get; init; }
}
