namespace Dl4m.Data.Retiming;

/// <summary>What the re-timing tool does to a file's tempo map.</summary>
public enum RetimeTempo
{
    /// <summary>Leave the tempo events as they are.</summary>
    Keep,
    /// <summary>One constant tempo per file, drawn uniformly from [<see cref="RetimeOptions.MinBpm"/>, <see cref="RetimeOptions.MaxBpm"/>].</summary>
    Constant,
    /// <summary>A tempo change on every beat: a smooth random walk around a per-file base tempo, with ritardandi at phrase ends.</summary>
    Rubato,
}
