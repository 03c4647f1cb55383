using System.Buffers;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using Dl4m.Midi;

namespace Dl4m.Data;

/// <summary>
/// Receives file results in path order (single thread) and writes events.bin and songs.json as it goes;
/// keeps only counters, statistics, the set of seen hashes and the failure/duplicate lists.
/// </summary>
internal sealed class DatasetWriter : IDisposable
{
    private static readonly byte[] SongSeparator = ",\n"u8.ToArray();

    private readonly string _folder;
    private readonly string _source;
    private readonly DatasetBuildOptions _options;
    private readonly FileStream _events;
    private readonly FileStream _songs;
    private readonly Dictionary<string, string> _firstPathByHash = new(StringComparer.Ordinal);
    private readonly DatasetCounts _total = new();
    private readonly SortedDictionary<string, DatasetCounts> _labels = new(StringComparer.Ordinal);
    private readonly DatasetCounts[] _splits = [new(), new(), new()];
    private readonly EventStatistics _trainStatistics = new();
    private readonly List<FailureEntry> _failures = [];
    private readonly List<DuplicateEntry> _duplicates = [];
    private readonly ArrayBufferWriter<byte> _songBuffer = new(512);
    private readonly Utf8JsonWriter _songJson = new(Stream.Null);
    private long _eventCount;

    private static readonly string[] SplitNames = ["train", "validation", "test"];

    public DatasetWriter(string folder, string source, DatasetBuildOptions options)
    {
        if (!BitConverter.IsLittleEndian)
            throw new Dl4mException("dataset files are little-endian; writing them on a big-endian machine is not supported");
        _folder = folder;
        _source = source;
        _options = options;
        _events = new FileStream(Path.Combine(folder, DatasetFormat.EventsFile), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20);
        _songs = new FileStream(Path.Combine(folder, DatasetFormat.SongsFile), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        Span<byte> header = stackalloc byte[DatasetFormat.HeaderSize];
        DatasetFormat.WriteHeader(header, 0);
        _events.Write(header);
        _songs.Write("["u8);
    }

    public DatasetCounts Total => _total;

    /// <summary>Lists a folder or link the walk could not follow (a loop, an unreadable folder) among the failures; not counted as a file.</summary>
    public void AddSkipped(FailureEntry entry) => _failures.Add(entry);

    public void Add(FileResult result)
    {
        var label = LabelCounts(result.Location.Label);
        _total.Files++;
        label.Files++;
        if (result.Failed)
        {
            _total.Failed++;
            label.Failed++;
            _failures.Add(new FailureEntry(result.Location.RelativePath, result.FailureReason!));
            return;
        }
        _total.Parsed++;
        label.Parsed++;
        if (result.Salvaged) { _total.Salvaged++; label.Salvaged++; }
        _total.NoteOns += result.NoteOns;
        label.NoteOns += result.NoteOns;

        string hash = Convert.ToHexStringLower(result.Hash);
        if (_firstPathByHash.TryGetValue(hash, out var first))
        {
            _total.Duplicates++;
            label.Duplicates++;
            _duplicates.Add(new DuplicateEntry(result.Location.RelativePath, first));
            return;
        }
        _firstPathByHash.Add(hash, result.Location.RelativePath);

        var split = result.Split;
        var splitCounts = _splits[(int)split];
        splitCounts.Files++;
        splitCounts.Parsed++;
        if (result.Salvaged) splitCounts.Salvaged++;
        splitCounts.NoteOns += result.NoteOns;
        foreach (var counts in (ReadOnlySpan<DatasetCounts>)[_total, label, splitCounts])
        {
            counts.Songs++;
            counts.Events += result.EventCount;
        }
        if (split == DatasetSplit.Train && result.TrainStatistics is { } stats) _trainStatistics.Merge(stats);

        if (_total.Songs > 1) _songs.Write(SongSeparator);
        else _songs.Write("\n"u8);
        WriteSong(result, split, hash);
        _events.Write(MemoryMarshal.AsBytes(result.EventSpan));
        _eventCount += result.EventCount;
    }

    /// <summary>One <see cref="SongEntry"/> as a one-line JSON object (same keys as the generated serializer reads).</summary>
    private void WriteSong(FileResult result, DatasetSplit split, string hash)
    {
        // Through a reused in-memory buffer: Utf8JsonWriter.Flush on the file would flush the FileStream too
        // (one write system call per song).
        _songBuffer.ResetWrittenCount();
        _songJson.Reset(_songBuffer);
        _songJson.WriteStartObject();
        _songJson.WriteString("path"u8, result.Location.RelativePath);
        _songJson.WriteString("label"u8, result.Location.Label);
        _songJson.WriteString("split"u8, SplitNames[(int)split]);
        _songJson.WriteString("sha256"u8, hash);
        _songJson.WriteNumber("event_offset"u8, _eventCount);
        _songJson.WriteNumber("event_count"u8, result.EventCount);
        _songJson.WriteNumber("note_ons"u8, result.NoteOns);
        _songJson.WriteBoolean("salvaged"u8, result.Salvaged);
        if (result.SalvageReason is not null) _songJson.WriteString("salvage_reason"u8, result.SalvageReason);
        _songJson.WriteEndObject();
        _songJson.Flush();
        _songs.Write(_songBuffer.WrittenSpan);
    }

    /// <summary>Completes the event and song files and writes the manifest.</summary>
    public DatasetManifest Finish()
    {
        _songs.Write("\n]\n"u8);
        _songs.Flush();
        Span<byte> header = stackalloc byte[DatasetFormat.HeaderSize];
        DatasetFormat.WriteHeader(header, _eventCount);
        _events.Flush();
        _events.Seek(0, SeekOrigin.Begin);
        _events.Write(header);
        _events.Flush();

        var manifest = new DatasetManifest
        {
            SchemaVersion = DatasetFormat.SchemaVersion,
            Dl4mVersion = Dl4mVersion,
            Source = _source,
            Options = new DatasetOptionsRecord(_options.IncludeDrums ? "include" : "exclude", _options.Split.ToString(), MidiFileFinder.Extensions,
                _options.GroupBy == SplitGrouping.Name ? "name" : "content"),
            Counts = _total,
            Labels = _labels,
            Splits = new Dictionary<string, DatasetCounts>
            {
                ["train"] = _splits[(int)DatasetSplit.Train],
                ["validation"] = _splits[(int)DatasetSplit.Validation],
                ["test"] = _splits[(int)DatasetSplit.Test],
            },
            Normalization = _trainStatistics.ToManifest(),
            Failures = _failures,
            Duplicates = _duplicates,
        };
        using (var stream = new FileStream(Path.Combine(_folder, DatasetFormat.ManifestFile), FileMode.CreateNew, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, manifest, DatasetJsonContext.Default.DatasetManifest);
            stream.Write("\n"u8);
        }
        return manifest;
    }

    public void Dispose()
    {
        _songJson.Dispose();
        _events.Dispose();
        _songs.Dispose();
    }

    /// <summary>Version of the library writing the dataset (the build's informational version).</summary>
    public static string Dl4mVersion { get; } =
        typeof(DatasetWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private DatasetCounts LabelCounts(string label)
    {
        if (!_labels.TryGetValue(label, out var counts)) _labels.Add(label, counts = new DatasetCounts());
        return counts;
    }
}
