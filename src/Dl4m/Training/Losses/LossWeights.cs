namespace Dl4m.Training.Losses;

/// <summary>
/// Weights of the combined loss: total = Note·note_loss + Velocity·MSE_velocity + DeltaTime·MSE_Δtime.
/// The defaults are the original's: the velocity and Δtime errors count 20% of the note loss.
/// </summary>
/// <param name="Note">Weight of the note loss (default 1).</param>
/// <param name="Velocity">Weight of the velocity MSE (default 0.2).</param>
/// <param name="DeltaTime">Weight of the Δtime MSE (default 0.2).</param>
public sealed record LossWeights(double Note = 1.0, double Velocity = 0.2, double DeltaTime = 0.2)
{
    /// <summary>The original's weights: 1, 0.2, 0.2.</summary>
    public static LossWeights Default { get; } = new();

    /// <summary>Throws if a weight is negative, not finite, or all are zero.</summary>
    /// <exception cref="Dl4mException">The weights cannot define a loss.</exception>
    public void Validate()
    {
        foreach (var (name, w) in new[] { ("note", Note), ("velocity", Velocity), ("delta time", DeltaTime) })
            if (!(w >= 0) || double.IsInfinity(w))
                throw new Dl4mException($"loss weights: the {name} weight must be a finite number ≥ 0 (got {w}).");
        if (Note + Velocity + DeltaTime == 0)
            throw new Dl4mException("loss weights: at least one weight must be above 0.");
    }
}
