namespace Dl4m.Training;

/// <summary>
/// How a run ended, as train.json's <c>outcome</c> and `dl4m train --json` give it: the chosen (best) point, how far
/// training went, and why it stopped. Written when a session ends (for any reason but a kill or a crash).
/// </summary>
public sealed record TrainingOutcome
{
    /// <summary>Why the run ended.</summary>
    public required StopReason StopReason { get; init; }

    /// <summary>Why in words, e.g. "no improvement of more than 0.001 in 5 validations".</summary>
    public required string StopDetail { get; init; }

    /// <summary>Epoch (1-based) of the best validation point, whose weights model.safetensors holds; 0 = none yet.</summary>
    public required int BestEpoch { get; init; }

    /// <summary>Step of the best validation point.</summary>
    public required long BestStep { get; init; }

    /// <summary>Validation total at the best point (NaN before the first validation).</summary>
    public required double BestValidationLoss { get; init; }

    /// <summary>Categorical model: validation NLL per note (nats) at the best point; null for the original model.</summary>
    public double? BestValidationNllPerNote { get; init; }

    /// <summary>Epochs run (whole epochs plus the share of an unfinished one).</summary>
    public required double EpochsRun { get; init; }

    /// <summary>Training steps run.</summary>
    public required long Steps { get; init; }

    /// <summary>Validation points.</summary>
    public required int Validations { get; init; }

    /// <summary>Wall-clock seconds of the training loop, all sessions (what --time limits).</summary>
    public required double WallSeconds { get; init; }
}
