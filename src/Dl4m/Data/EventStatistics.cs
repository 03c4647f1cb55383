using System.Runtime.CompilerServices;

namespace Dl4m.Data;

/// <summary>Running statistics of each numeric feature of <see cref="EventRecord"/>.</summary>
public sealed class EventStatistics
{
    /// <summary>Pitch.</summary>
    public RunningStatistics Note;
    /// <summary>Velocity.</summary>
    public RunningStatistics Velocity;
    /// <summary>Δtime in seconds.</summary>
    public RunningStatistics DeltaSeconds;
    /// <summary>Duration in seconds.</summary>
    public RunningStatistics DurationSeconds;
    /// <summary>Δtime in beats.</summary>
    public RunningStatistics DeltaBeats;

    /// <summary>Adds every event of a song (two passes over the song, no division per event).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: skip tier-0 code in short runs
    public void Add(ReadOnlySpan<EventRecord> events)
    {
        if (events.IsEmpty) return;
        // Pass 1: sums, minima, maxima. (5 features, in record order)
        Span<double> sum = stackalloc double[5];
        Span<double> min = stackalloc double[5];
        Span<double> max = stackalloc double[5];
        Span<double> m2 = stackalloc double[5];
        min.Fill(double.PositiveInfinity);
        max.Fill(double.NegativeInfinity);
        Span<double> x = stackalloc double[5];
        foreach (ref readonly var e in events)
        {
            Load(e, x);
            for (int f = 0; f < 5; f++)
            {
                sum[f] += x[f];
                if (x[f] < min[f]) min[f] = x[f];
                if (x[f] > max[f]) max[f] = x[f];
            }
        }
        Span<double> mean = stackalloc double[5];
        for (int f = 0; f < 5; f++) mean[f] = sum[f] / events.Length;
        // Pass 2: squared deviations from the song's mean (numerically safer than Σx²).
        foreach (ref readonly var e in events)
        {
            Load(e, x);
            for (int f = 0; f < 5; f++)
            {
                double d = x[f] - mean[f];
                m2[f] += d * d;
            }
        }
        Note.Merge(RunningStatistics.FromMoments(events.Length, mean[0], m2[0], min[0], max[0]));
        Velocity.Merge(RunningStatistics.FromMoments(events.Length, mean[1], m2[1], min[1], max[1]));
        DeltaSeconds.Merge(RunningStatistics.FromMoments(events.Length, mean[2], m2[2], min[2], max[2]));
        DurationSeconds.Merge(RunningStatistics.FromMoments(events.Length, mean[3], m2[3], min[3], max[3]));
        DeltaBeats.Merge(RunningStatistics.FromMoments(events.Length, mean[4], m2[4], min[4], max[4]));
    }

    private static void Load(in EventRecord e, Span<double> x)
    {
        x[0] = e.Note;
        x[1] = e.Velocity;
        x[2] = e.DeltaSeconds;
        x[3] = e.DurationSeconds;
        x[4] = e.DeltaBeats;
    }

    /// <summary>Adds everything another accumulator has seen.</summary>
    public void Merge(EventStatistics other)
    {
        Note.Merge(other.Note);
        Velocity.Merge(other.Velocity);
        DeltaSeconds.Merge(other.DeltaSeconds);
        DurationSeconds.Merge(other.DurationSeconds);
        DeltaBeats.Merge(other.DeltaBeats);
    }

    /// <summary>The statistics as the manifest stores them, keyed by feature name.</summary>
    public Dictionary<string, FeatureNormalization> ToManifest() => new()
    {
        ["note"] = FeatureNormalization.From(Note),
        ["velocity"] = FeatureNormalization.From(Velocity),
        ["delta_seconds"] = FeatureNormalization.From(DeltaSeconds),
        ["duration_seconds"] = FeatureNormalization.From(DurationSeconds),
        ["delta_beats"] = FeatureNormalization.From(DeltaBeats),
    };
}
