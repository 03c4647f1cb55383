using Dl4m.Data;

namespace Dl4m.Generation;

/// <summary>The corpus's typical note length, for <c>--duration corpus</c>.</summary>
public static class CorpusDuration
{
    /// <summary>Median note duration (seconds) of the dataset's train songs (all songs if there are none), over at most <paramref name="maxEvents"/> events.</summary>
    /// <exception cref="Dl4mException">The dataset has no events.</exception>
    public static double Median(Dataset dataset, int maxEvents = 200_000)
    {
        var songs = dataset.SongsIn(DatasetSplit.Train);
        if (songs.Count == 0) songs = Enumerable.Range(0, dataset.Songs.Count).ToList();
        var durations = new List<float>();
        foreach (int song in songs)
        {
            foreach (var e in dataset.SongEvents(song)) durations.Add(e.DurationSeconds);
            if (durations.Count >= maxEvents) break;
        }
        if (durations.Count == 0) throw new Dl4mException($"GenerationOptions.Duration corpus: dataset '{dataset.Folder}' has no events");
        durations.Sort();
        return Math.Max(0.01, durations[durations.Count / 2]);
    }
}
