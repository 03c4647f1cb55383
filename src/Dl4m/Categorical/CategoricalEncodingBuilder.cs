using Dl4m.Data;

namespace Dl4m.Categorical;

/// <summary>
/// Fits a <see cref="CategoricalEncoding"/> to a dataset: the fixed beat grids (<see cref="BeatGrid.Delta"/>,
/// <see cref="BeatGrid.Duration"/>), z-scores of the regression heads and the median tempo from the train split,
/// and the label list of the whole dataset.
/// </summary>
public static class CategoricalEncodingBuilder
{
    /// <summary>
    /// The encoding for <paramref name="dataset"/> under <paramref name="options"/>. Regression statistics (of the
    /// quantised beat times, <see cref="BeatTokens"/>) and the median bpm (each train song's median, then the median
    /// of those) come from the train split; labels (ordinal order) from every song, and only when
    /// <see cref="CategoricalEncodingOptions.Labels"/> is on and there are 2 or more. Key normalisation moves pitches
    /// only, and no fitted statistic depends on pitch, so the statistics are the same with and without it.
    /// </summary>
    /// <exception cref="Dl4mException">The options are out of range or the train split has no events.</exception>
    public static CategoricalEncoding Fit(Dataset dataset, CategoricalEncodingOptions options)
    {
        ValidateOptions(options);
        long events = 0;
        var velocity = new RunningStatistics();
        var logDelta = new RunningStatistics();
        var logDuration = new RunningStatistics();
        var songTempi = new List<float>();
        foreach (int s in dataset.SongsIn(DatasetSplit.Train))
        {
            var song = dataset.SongEvents(s);
            foreach (var e in BeatTokens.Of(song))
            {
                velocity.Add(e.Velocity);
                logDelta.Add(CategoricalEncoding.LogBeats(e.DeltaSteps));
                logDuration.Add(CategoricalEncoding.LogBeats(e.DurationSteps));
                events++;
            }
            if (BeatTokens.MedianBpm(song) is { } bpm) songTempi.Add((float)bpm);
        }
        if (events == 0)
            throw new Dl4mException($"dataset '{dataset.Folder}': the train split has no events to fit the categorical encoding to");

        var labels = new List<string>();
        if (options.Labels)
        {
            labels = dataset.Songs.Select(s => s.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (labels.Count < 2) labels = [];
        }

        var encoding = new CategoricalEncoding
        {
            Notes = options.Notes,
            IntervalRange = options.IntervalRange,
            VelocityBins = options.VelocityBins,
            Velocity = options.Velocity,
            Timing = options.Timing,
            Delta = BeatGrid.Delta,
            Duration = BeatGrid.Duration,
            BarPositions = options.BarPositions,
            MedianBpm = BeatTokens.Median(songTempi) ?? 120,
            Scaling = new RegressionScaling(velocity.Mean, Spread(velocity), logDelta.Mean, Spread(logDelta), logDuration.Mean, Spread(logDuration)),
            Labels = labels,
            NormalizeKey = options.NormalizeKey,
            LookbackBars = options.LookbackBars.ToArray(),
            LookbackVersion = options.LookbackVersion,
        };
        encoding.Validate();
        return encoding;
    }

    private static void ValidateOptions(CategoricalEncodingOptions options)
    {
        if (options.IntervalRange is < 1 or > 127) throw new Dl4mException($"CategoricalTokenOptions.IntervalRange must be 1–127 (got {options.IntervalRange})", "CategoricalTokenOptions.IntervalRange");
        if (options.VelocityBins is < 2 or > 127) throw new Dl4mException($"categorical encoding: velocity bins must be 2–127 (got {options.VelocityBins})");
        CategoricalEncoding.ValidateLookbackBars(options.LookbackBars, "CategoricalTokenOptions.LookbackBars");
        if (options.BarPositions is < 0 or > 255) throw new Dl4mException($"categorical encoding: bar positions must be 0–255 (got {options.BarPositions})");
    }

    /// <summary>The population standard deviation, or 1 when it is 0 (a constant feature is then only centred, and z-scores stay finite).</summary>
    private static double Spread(in RunningStatistics statistics)
    {
        double std = statistics.StandardDeviation;
        return std > 1e-9 && double.IsFinite(std) ? std : 1.0;
    }
}
