using Dl4m.Data;

namespace Dl4m.Training;

/// <summary>The checks every model's window sets share: the split has songs, the look-back fits a song, the batch fits the windows.</summary>
internal static class TrainingWindows
{
    /// <summary>Throws a <see cref="Dl4mException"/> when a split gave no windows (or, for training, fewer than a batch).</summary>
    public static void Check(WindowCounts counts, int longestSong, DatasetSplit split, string dataFolder, TrainingOptions options)
    {
        bool train = split == DatasetSplit.Train;
        string name = train ? "training" : "validation";
        if (counts.Windows == 0)
            throw new Dl4mException(longestSong == 0
                ? train
                    ? $"dataset '{dataFolder}' has no training songs"
                    : $"dataset '{dataFolder}' has no validation songs: prepare it with a validation share (DatasetBuildOptions.Split)"
                : $"TrainingOptions.Lookback {options.Lookback} is longer than every {name} song: the longest has {longestSong} events, and a window needs lookback + 1");
        if (train && counts.Windows < options.Batch)
            throw new Dl4mException($"only {counts.Windows} training windows, fewer than TrainingOptions.Batch {options.Batch}: lower TrainingOptions.Batch or use more data", "TrainingOptions.Batch");
    }
}
