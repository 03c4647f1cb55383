using System.Collections.Concurrent;

namespace Dl4m.Cli.Studio;

/// <summary>
/// The songs the studio wrote: one folder per song (song.mid, song.wav when FluidSynth rendered it, the uploaded
/// primer) under one root, named by a random id that is the only thing a download URL can name.
/// </summary>
public sealed class SongStore : IDisposable
{
    /// <summary>File name of a song's MIDI file inside its folder.</summary>
    public const string MidiName = "song.mid";

    /// <summary>File name of a song's audio inside its folder.</summary>
    public const string WavName = "song.wav";

    private readonly bool _ownsRoot;
    private readonly int _maxSongs;
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>Keeps songs under <paramref name="root"/> (null: a new temporary folder, deleted by <see cref="Dispose"/>).</summary>
    public SongStore(string? root, int maxSongs)
    {
        _ownsRoot = root is null;
        Root = root ?? Directory.CreateTempSubdirectory("dl4m-studio-").FullName;
        Directory.CreateDirectory(Root);
        _maxSongs = maxSongs;
    }

    /// <summary>The folder that holds every song's folder.</summary>
    public string Root { get; }

    /// <summary>A new, empty song folder and its id; the oldest songs beyond the limit are deleted.</summary>
    public (string Id, string Folder) Create()
    {
        string id = Guid.NewGuid().ToString("N")[..16];
        string folder = Path.Combine(Root, id);
        Directory.CreateDirectory(folder);
        _order.Enqueue(id);
        while (_order.Count > _maxSongs && _order.TryDequeue(out string? old)) Delete(old);
        return (id, folder);
    }

    /// <summary>The path of <paramref name="file"/> (<see cref="MidiName"/> or <see cref="WavName"/>) of song <paramref name="id"/>, or null when there is none.</summary>
    public string? Find(string id, string file)
    {
        if (id.Length != 16 || !id.All(char.IsAsciiHexDigitLower) || file is not (MidiName or WavName)) return null;
        string path = Path.Combine(Root, id, file);
        return File.Exists(path) ? path : null;
    }

    /// <summary>Deletes song <paramref name="id"/>'s folder (a cancelled or failed generation).</summary>
    public void Delete(string id)
    {
        try
        {
            Directory.Delete(Path.Combine(Root, id), recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a file still open (a download in progress): the folder goes with the root at the end
        }
    }

    /// <summary>Deletes the root when the store made it.</summary>
    public void Dispose()
    {
        if (!_ownsRoot) return;
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // leave it to the system's temporary-file cleaning
        }
    }
}
