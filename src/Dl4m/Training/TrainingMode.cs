namespace Dl4m.Training;

/// <summary>How windows map to targets.</summary>
public enum TrainingMode
{
    /// <summary>Lookback events in, the next event out (the original's setup).</summary>
    ManyToOne,
    /// <summary>T events in, the T next events out (one prediction per step).</summary>
    ManyToMany,
}
