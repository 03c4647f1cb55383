using Dl4m.Data;

namespace Dl4m.Training;

/// <summary>
/// The fixed part of a large validation split a run validates on: whole songs (so a model that walks a song's
/// windows in order still can) taken in a shuffled order until the next one would pass the event cap. The shuffle's
/// seed is a constant, not --seed, so runs with different seeds are compared on the same songs.
/// </summary>
public static class ValidationSubset
{
    private const int ShuffleSeed = 0x7A11D;

    /// <summary>
    /// The songs of <paramref name="songs"/> (dataset indices) to validate on, in dataset order, and what share of the
    /// split they are: all songs that give a window when their events total at most <paramref name="maxEvents"/>
    /// (0 = no cap), otherwise a subset of at most that many events (never empty: one song longer than the cap is kept).
    /// Songs with at most <paramref name="lookback"/> events give no window and are not counted.
    /// </summary>
    public static (IReadOnlyList<int> Songs, ValidationSample Sample) Choose(Dataset dataset, IReadOnlyList<int> songs, int lookback, long maxEvents)
    {
        var usable = songs.Where(s => dataset.Songs[s].EventCount > lookback).ToList();
        long total = usable.Sum(s => (long)dataset.Songs[s].EventCount);
        if (maxEvents <= 0 || total <= maxEvents) return (songs, new ValidationSample(usable.Count, total, usable.Count, total));

        var order = new int[usable.Count];
        EpochShuffle.Fill(order, ShuffleSeed, 0);
        var chosen = new List<int>();
        long events = 0;
        foreach (int i in order)
        {
            int n = dataset.Songs[usable[i]].EventCount;
            // Stop at the first song that does not fit (skipping it for shorter ones would favour short songs).
            if (events + n > maxEvents && chosen.Count > 0) break;
            chosen.Add(usable[i]);
            events += n;
        }
        chosen.Sort();
        return (chosen, new ValidationSample(chosen.Count, events, usable.Count, total));
    }
}
