namespace Dl4m.Evaluation.Baselines;

/// <summary>What `dl4m baseline` writes.</summary>
public sealed record BaselineOptions
{
    /// <summary>Which baseline.</summary>
    public BaselineKind Kind { get; init; } = BaselineKind.Random;

    /// <summary>Songs to write.</summary>
    public int Count { get; init; } = 100;

    /// <summary>Notes per song.</summary>
    public int Notes { get; init; } = 200;

    /// <summary>Seed of the random generator: the same seed and dataset give the same files.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Order of the Markov chain (markov only).</summary>
    public int Order { get; init; } = 2;

    /// <summary>Replace a non-empty output folder.</summary>
    public bool Force { get; init; }
}
