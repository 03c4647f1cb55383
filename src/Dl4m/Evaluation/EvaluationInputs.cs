using System.Text.Json;
using Dl4m.Midi;

namespace Dl4m.Evaluation;

/// <summary>
/// Which MIDI files a path stands for: a file, a folder of MIDI files, or a dataset folder written by
/// `dl4m prepare` (manifest.json + songs.json), whose train-split songs are read from the manifest's source folder.
/// The dataset is read through its two JSON files only (keys "source"; "path", "split"), so evaluation needs none
/// of the event data.
/// </summary>
public static class EvaluationInputs
{
    /// <summary>The split of a dataset that stands for "the training music".</summary>
    public const string ReferenceSplit = "train";

    /// <summary>The MIDI files of a path, sorted; a dataset folder gives its train songs.</summary>
    /// <exception cref="Dl4mException">The path does not exist, or a dataset's JSON is unreadable.</exception>
    public static List<string> Find(string path) => Find(path, ReferenceSplit);

    /// <summary>
    /// The MIDI files of a path, sorted; a dataset folder gives the songs of <paramref name="split"/> (train, validation or
    /// test). A plain folder is walked by <see cref="MidiFileFinder"/> (links followed, loops not), which lists what it
    /// could not follow in <paramref name="skipped"/>.
    /// </summary>
    /// <exception cref="Dl4mException">The path does not exist, the split is unknown, or a dataset's JSON is unreadable.</exception>
    public static List<string> Find(string path, string split, List<SkippedPath>? skipped = null)
    {
        if (split is not ("train" or "validation" or "test"))
            throw new Dl4mException($"split must be train, validation or test, not '{split}'", "split");
        if (File.Exists(path)) return [path];
        if (!Directory.Exists(path)) throw new Dl4mException($"{path}: no such file or folder to evaluate");
        return IsDataset(path)
            ? DatasetSongs(Path.Combine(path, "manifest.json"), Path.Combine(path, "songs.json"), split)
            : MidiFileFinder.FindPaths(path, skipped);
    }

    /// <summary>True when <paramref name="path"/> is a dataset folder written by `dl4m prepare` (manifest.json and songs.json in it).</summary>
    public static bool IsDataset(string path) =>
        Directory.Exists(path) && File.Exists(Path.Combine(path, "manifest.json")) && File.Exists(Path.Combine(path, "songs.json"));

    private static List<string> DatasetSongs(string manifestPath, string songsPath, string split)
    {
        try
        {
            using var manifest = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
            string source = manifest.RootElement.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String
                ? s.GetString()!
                : throw new Dl4mException($"{manifestPath}: no \"source\" folder recorded");
            if (!Directory.Exists(source))
                throw new Dl4mException($"{manifestPath}: its source folder '{source}' no longer exists, so the songs cannot be read");
            using var songs = JsonDocument.Parse(File.ReadAllBytes(songsPath));
            var files = new List<string>();
            foreach (var song in songs.RootElement.EnumerateArray())
            {
                if (song.GetProperty("split").GetString() != split) continue;
                files.Add(Path.Combine(source, song.GetProperty("path").GetString()!));
            }
            files.Sort(StringComparer.Ordinal);
            return files;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or IOException)
        {
            throw new Dl4mException($"{Path.GetDirectoryName(manifestPath)}: not a readable dl4m dataset: {e.Message}", e);
        }
    }
}
