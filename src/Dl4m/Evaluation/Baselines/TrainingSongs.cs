using Dl4m.Data;

namespace Dl4m.Evaluation.Baselines;

/// <summary>The train split of a prepared dataset as note lists, which every baseline learns from.</summary>
public sealed class TrainingSongs
{
    /// <summary>Wraps songs already in memory (each non-empty).</summary>
    public TrainingSongs(IReadOnlyList<BaselineNote[]> songs)
    {
        if (songs.Count == 0) throw new Dl4mException("the dataset's train split holds no songs with notes: nothing to learn a baseline from");
        Songs = songs;
    }

    /// <summary>The songs, each in event order.</summary>
    public IReadOnlyList<BaselineNote[]> Songs { get; }

    /// <summary>Reads the train split of the dataset in <paramref name="folder"/>.</summary>
    /// <exception cref="Dl4mException">The folder is not a dataset, or its train split is empty.</exception>
    public static TrainingSongs Load(string folder)
    {
        using var dataset = Dataset.Open(folder);
        var songs = new List<BaselineNote[]>();
        foreach (int index in dataset.SongsIn(DatasetSplit.Train))
        {
            var events = dataset.SongEvents(index);
            if (events.Length == 0) continue;
            var notes = new BaselineNote[events.Length];
            for (int i = 0; i < events.Length; i++)
            {
                var e = events[i];
                notes[i] = new BaselineNote((int)e.Note, Math.Clamp((int)e.Velocity, 1, 127), Math.Max(0, e.DeltaSeconds), Math.Max(0, e.DurationSeconds));
            }
            songs.Add(notes);
        }
        if (songs.Count == 0) throw new Dl4mException($"dataset '{folder}' has no train-split songs with notes: nothing to learn a baseline from");
        return new TrainingSongs(songs);
    }
}
