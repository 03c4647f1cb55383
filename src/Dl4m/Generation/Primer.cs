using Dl4m.Data;
using Dl4m.Midi;

namespace Dl4m.Generation;

/// <summary>Where the first look-back events of a generated song come from.</summary>
public static class Primer
{
    /// <summary>The first <paramref name="lookback"/> events (fewer if the song is shorter) of song <paramref name="song"/> of a dataset.</summary>
    /// <exception cref="Dl4mException">No such song.</exception>
    public static EventRecord[] FromDataset(Dataset dataset, int song, int lookback)
    {
        if (song < 0 || song >= dataset.Songs.Count)
            throw new Dl4mException($"GenerationRequest.Song {song}: the dataset '{dataset.Folder}' has songs 0–{dataset.Songs.Count - 1}");
        var events = dataset.SongEvents(song);
        return events[..Math.Min(lookback, events.Length)].ToArray();
    }

    /// <summary>
    /// A random validation song of the dataset (any song if it has no validation split); with <paramref name="label"/>,
    /// only songs of that label count (validation first, then any split).
    /// </summary>
    /// <exception cref="Dl4mException">No song (of that label).</exception>
    public static int RandomValidationSong(Dataset dataset, Random random, string? label = null)
    {
        bool Fits(int song) => label is null || dataset.Songs[song].Label == label;
        var songs = dataset.SongsIn(DatasetSplit.Validation).Where(Fits).ToList();
        if (songs.Count == 0) songs = Enumerable.Range(0, dataset.Songs.Count).Where(Fits).ToList();
        if (songs.Count == 0)
            throw new Dl4mException(label is null ? $"dataset '{dataset.Folder}' has no songs" : $"GenerationRequest.Label {label}: dataset '{dataset.Folder}' has no song of that label for the primer (give GenerationRequest.PrimerFile)");
        return songs[random.Next(songs.Count)];
    }

    /// <summary>The first <paramref name="lookback"/> note events of a MIDI file, extracted exactly as <c>dl4m prepare</c> does.</summary>
    /// <exception cref="Dl4mException">The file cannot be read or has no notes.</exception>
    public static EventRecord[] FromMidiFile(string path, int lookback, bool includeDrums = false)
    {
        if (!File.Exists(path)) throw new Dl4mException($"GenerationRequest.PrimerFile '{path}' does not exist", "GenerationRequest.PrimerFile");
        var events = NoteEventExtractor.ExtractAll(MidiReader.ReadFile(path), includeDrums);
        if (events.Length == 0) throw new Dl4mException($"GenerationRequest.PrimerFile '{path}' has no note events", "GenerationRequest.PrimerFile");
        return events[..Math.Min(lookback, events.Length)];
    }
}
