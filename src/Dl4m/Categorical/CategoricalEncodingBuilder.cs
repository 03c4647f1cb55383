using Dl4m.Data;

namespace Dl4m.Categorical;

/// <summary>
/// Fits a <see cref="CategoricalEncoding"/> to a dataset: time bins whose values are the train split's medians,
/// z-scores of the regression heads from the train split, and the label list of the whole dataset.
/// </summary>
public static class CategoricalEncodingBuilder
{
    /// <summary>
    /// The encoding for <paramref name="dataset"/> under <paramref name="options"/>. Bins, medians and regression statistics
    /// come from the train split; labels (ordinal order) from every song, and only when <see cref="CategoricalEncodingOptions.Labels"/>
    /// is on and there are 2 or more. Key normalisation moves pitches only, and no fitted statistic depends on pitch,
    /// so the statistics are the same with and without it.
    /// </summary>
    /// <exception cref="Dl4mException">The options are out of range or the train split has no events.</exception>
    public static CategoricalEncoding Fit(Dataset dataset, CategoricalEncodingOptions options)
    {
        ValidateOptions(options);
        var delta = TimeBins.LogSpaced(options.DeltaBins, options.MinSeconds, options.MaxSeconds);
        var duration = TimeBins.LogSpaced(options.DurationBins, options.MinSeconds, options.MaxSeconds);

        var deltas = new List<float>();
        var durations = new List<float>();
        var velocity = new RunningStatistics();
        var logDelta = new RunningStatistics();
        var logDuration = new RunningStatistics();
        foreach (int s in dataset.SongsIn(DatasetSplit.Train))
        {
            foreach (ref readonly var e in dataset.SongEvents(s))
            {
                float dt = Math.Max(0f, e.DeltaSeconds);
                float length = Math.Max(0f, e.DurationSeconds);
                deltas.Add(dt);
                durations.Add(length);
                velocity.Add(e.Velocity);
                logDelta.Add(Math.Log(dt + CategoricalEncoding.LogOffsetSeconds));
                logDuration.Add(Math.Log(length + CategoricalEncoding.LogOffsetSeconds));
            }
        }
        if (deltas.Count == 0)
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
            Delta = delta.WithMedians(deltas),
            Duration = duration.WithMedians(durations),
            Scaling = new RegressionScaling(velocity.Mean, Spread(velocity), logDelta.Mean, Spread(logDelta), logDuration.Mean, Spread(logDuration)),
            Labels = labels,
            NormalizeKey = options.NormalizeKey,
        };
        encoding.Validate();
        return encoding;
    }

    private static void ValidateOptions(CategoricalEncodingOptions options)
    {
        if (options.IntervalRange is < 1 or > 127) throw new Dl4mException($"--interval-range must be 1–127 (got {options.IntervalRange})");
        if (options.VelocityBins is < 2 or > 127) throw new Dl4mException($"categorical encoding: velocity bins must be 2–127 (got {options.VelocityBins})");
        if (options.DeltaBins < 2) throw new Dl4mException($"categorical encoding: Δtime bins must be at least 2 (got {options.DeltaBins})");
        if (options.DurationBins < 2) throw new Dl4mException($"categorical encoding: duration bins must be at least 2 (got {options.DurationBins})");
        if (!(options.MinSeconds > 0) || !(options.MaxSeconds > options.MinSeconds) || double.IsInfinity(options.MaxSeconds))
            throw new Dl4mException($"categorical encoding: time bins need 0 < min < max seconds (got {options.MinSeconds}, {options.MaxSeconds})");
    }

    /// <summary>The population standard deviation, or 1 when it is 0 (a constant feature is then only centred, and z-scores stay finite).</summary>
    private static double Spread(in RunningStatistics statistics)
    {
        double std = statistics.StandardDeviation;
        return std > 1e-9 && double.IsFinite(std) ? std : 1.0;
    }
}
