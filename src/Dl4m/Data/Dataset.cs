using System.IO.MemoryMappedFiles;
using System.Text.Json;

namespace Dl4m.Data;

/// <summary>
/// A prepared dataset opened for training: its manifest, its songs, and its events memory-mapped
/// (nothing is copied; a song's events are a span over the mapped file). Dispose to unmap.
/// </summary>
public sealed unsafe class Dataset : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly EventRecord* _records;
    private bool _disposed;

    private Dataset(string folder, DatasetManifest manifest, List<SongEntry> songs, MemoryMappedFile map, MemoryMappedViewAccessor view, long eventCount)
    {
        Folder = folder;
        Manifest = manifest;
        Songs = songs;
        _map = map;
        _view = view;
        EventCount = eventCount;
        byte* start = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        _records = (EventRecord*)(start + view.PointerOffset + DatasetFormat.HeaderSize);
    }

    /// <summary>The dataset folder.</summary>
    public string Folder { get; }

    /// <summary>The manifest (options, counts, normalisation statistics).</summary>
    public DatasetManifest Manifest { get; }

    /// <summary>The kept songs, in event-file order.</summary>
    public IReadOnlyList<SongEntry> Songs { get; }

    /// <summary>Records in the event file.</summary>
    public long EventCount { get; }

    /// <summary>The events of song <paramref name="songIndex"/> (an index into <see cref="Songs"/>).</summary>
    public ReadOnlySpan<EventRecord> SongEvents(int songIndex)
    {
        var song = Songs[songIndex];
        return Events(song.EventOffset, song.EventCount);
    }

    /// <summary>A range of records of the event file.</summary>
    public ReadOnlySpan<EventRecord> Events(long offset, int count)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (offset < 0 || count < 0 || offset + count > EventCount)
            throw new ArgumentOutOfRangeException(nameof(offset), $"records [{offset}, {offset + count}) are outside the {EventCount} records of the dataset");
        return new ReadOnlySpan<EventRecord>(_records + offset, count);
    }

    /// <summary>Indices of the songs of one split.</summary>
    public List<int> SongsIn(DatasetSplit split)
    {
        var indices = new List<int>();
        for (int i = 0; i < Songs.Count; i++)
            if (Songs[i].Split == split) indices.Add(i);
        return indices;
    }

    /// <summary>Opens a dataset folder written by <see cref="DatasetBuilder"/>.</summary>
    /// <exception cref="Dl4mException">The folder is missing, is not a dataset, has another schema version, or its files disagree.</exception>
    public static Dataset Open(string folder)
    {
        if (!Directory.Exists(folder))
            throw new Dl4mException($"dataset folder '{folder}' does not exist");
        string manifestPath = Path.Combine(folder, DatasetFormat.ManifestFile);
        if (!File.Exists(manifestPath))
            throw new Dl4mException($"'{folder}' is not a dl4m dataset (no {DatasetFormat.ManifestFile}); make one with dl4m prepare");
        var manifest = ReadManifest(manifestPath);
        var songs = ReadJson(Path.Combine(folder, manifest.SongsFile), DatasetJsonContext.Default.ListSongEntry);

        string eventsPath = Path.Combine(folder, manifest.EventsFile);
        if (!File.Exists(eventsPath))
            throw new Dl4mException($"dataset '{folder}' has no {manifest.EventsFile}");
        long length = new FileInfo(eventsPath).Length;
        Span<byte> header = stackalloc byte[DatasetFormat.HeaderSize];
        using (var stream = File.OpenRead(eventsPath))
        {
            if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
                throw new Dl4mException($"'{eventsPath}' is shorter than its {DatasetFormat.HeaderSize}-byte header");
        }
        long count = DatasetFormat.ReadHeader(header, eventsPath);
        if (length != DatasetFormat.HeaderSize + count * DatasetFormat.RecordSize)
            throw new Dl4mException($"'{eventsPath}' is {length} bytes but its header declares {count} records ({DatasetFormat.HeaderSize + count * DatasetFormat.RecordSize} bytes): the file is truncated or damaged");
        if (count != manifest.Counts.Events)
            throw new Dl4mException($"'{eventsPath}' holds {count} records but the manifest counts {manifest.Counts.Events} events");
        foreach (var song in songs)
        {
            if (song.EventOffset < 0 || song.EventCount < 0 || song.EventOffset + song.EventCount > count)
                throw new Dl4mException($"song '{song.Path}' in {manifest.SongsFile} points outside the {count} records of {manifest.EventsFile}");
        }

        var map = MemoryMappedFile.CreateFromFile(eventsPath, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        try
        {
            var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            return new Dataset(Path.GetFullPath(folder), manifest, songs, map, view, count);
        }
        catch
        {
            map.Dispose();
            throw;
        }
    }

    /// <summary>Reads and checks a manifest.json.</summary>
    public static DatasetManifest ReadManifest(string path)
    {
        using (var document = ParseJson(path))
        {
            if (!document.RootElement.TryGetProperty("schema_version", out var version) || version.ValueKind != JsonValueKind.Number)
                throw new Dl4mException($"'{path}' is not a dl4m dataset manifest (no schema_version)");
            if (version.GetInt32() != DatasetFormat.SchemaVersion)
                throw new Dl4mException($"'{path}' has schema version {version.GetInt32()}; this dl4m reads version {DatasetFormat.SchemaVersion}: prepare the dataset again");
        }
        return ReadJson(path, DatasetJsonContext.Default.DatasetManifest);
    }

    private static JsonDocument ParseJson(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new Dl4mException($"'{path}' is not valid JSON: {e.Message}", e);
        }
    }

    private static T ReadJson<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, type)
                   ?? throw new Dl4mException($"'{path}' is empty (null)");
        }
        catch (FileNotFoundException e)
        {
            throw new Dl4mException($"dataset file '{path}' is missing", e);
        }
        catch (JsonException e)
        {
            throw new Dl4mException($"'{path}' does not match dataset schema {DatasetFormat.SchemaVersion}: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
