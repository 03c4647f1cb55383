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

    /// <summary>Adds every event of a song.</summary>
    public void Add(ReadOnlySpan<EventRecord> events)
    {
        foreach (ref readonly var e in events)
        {
            Note.Add(e.Note);
            Velocity.Add(e.Velocity);
            DeltaSeconds.Add(e.DeltaSeconds);
            DurationSeconds.Add(e.DurationSeconds);
            DeltaBeats.Add(e.DeltaBeats);
        }
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
