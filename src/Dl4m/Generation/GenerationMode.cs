namespace Dl4m.Generation;

/// <summary>How the next note is chosen from the model's prediction.</summary>
public enum GenerationMode
{
    /// <summary>The original: the predicted note rounded, velocity and Δtime as predicted (deterministic).</summary>
    Round,

    /// <summary>The note drawn from p(n) ∝ exp(−NoteLoss(n − prediction)/temperature); velocity and Δtime get Gaussian noise.</summary>
    Sample,
}
