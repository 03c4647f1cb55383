namespace Dl4m.Training.Losses;

/// <summary>
/// The original's training loss: total = w_n·mean NoteLoss(d) + w_v·MSE(velocity) + w_t·MSE(Δtime), with
/// d = (predicted − true note) in semitones. Predictions arrive normalised, so
/// d = (pred_norm − true_norm)·σ_note and, by the chain rule, d total / d pred_norm = w_n·L'(d)·σ_note / rows.
/// Velocity and Δtime stay in normalised units (their MSE is what the original weighted by 0.2).
/// </summary>
public sealed class CombinedLoss : ITrainingLoss
{
    private readonly NoteLoss _noteLoss;
    private readonly double _noteScale;

    /// <summary>Creates the loss.</summary>
    /// <param name="noteLoss">The musical note loss (usually <see cref="NoteLoss.Default"/>).</param>
    /// <param name="noteStd">Standard deviation used to normalise the note feature (semitones per normalised unit).</param>
    /// <param name="weights">Weights of the parts (null: <see cref="LossWeights.Default"/>).</param>
    /// <exception cref="Dl4mException">noteStd is not a positive finite number, or the weights are invalid.</exception>
    public CombinedLoss(NoteLoss noteLoss, double noteStd, LossWeights? weights = null)
    {
        ArgumentNullException.ThrowIfNull(noteLoss);
        if (!(noteStd > 0) || double.IsInfinity(noteStd))
            throw new Dl4mException($"combined loss: the note feature's standard deviation must be a positive finite number (got {noteStd}).");
        Weights = weights ?? LossWeights.Default;
        Weights.Validate();
        _noteLoss = noteLoss;
        _noteScale = noteStd;
    }

    /// <inheritdoc />
    public string Name => "note";

    /// <summary>The weights of the parts.</summary>
    public LossWeights Weights { get; }

    /// <summary>Semitones per normalised note unit.</summary>
    public double NoteStd => _noteScale;

    /// <inheritdoc />
    public float Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, int rows, LossParts parts)
    {
        FeatureColumns.CheckShapes(prediction, target, gradient, rows);
        ArgumentNullException.ThrowIfNull(parts);
        bool withGradient = gradient.Length != 0;
        double inverseRows = 1.0 / rows;
        double noteGradientScale = Weights.Note * _noteScale * inverseRows;
        double velocityGradientScale = 2 * Weights.Velocity * inverseRows;
        double timeGradientScale = 2 * Weights.DeltaTime * inverseRows;
        double noteSum = 0, velocitySum = 0, timeSum = 0;
        for (int r = 0; r < rows; r++)
        {
            int o = r * FeatureColumns.Count; // (rows, 3) row-major
            double semitones = ((double)prediction[o + FeatureColumns.Note] - target[o + FeatureColumns.Note]) * _noteScale;
            noteSum += _noteLoss.Evaluate(semitones, out double slope);
            double velocityError = (double)prediction[o + FeatureColumns.Velocity] - target[o + FeatureColumns.Velocity];
            double timeError = (double)prediction[o + FeatureColumns.DeltaTime] - target[o + FeatureColumns.DeltaTime];
            velocitySum += velocityError * velocityError;
            timeSum += timeError * timeError;
            if (withGradient)
            {
                gradient[o + FeatureColumns.Note] = (float)(noteGradientScale * slope);
                gradient[o + FeatureColumns.Velocity] = (float)(velocityGradientScale * velocityError);
                gradient[o + FeatureColumns.DeltaTime] = (float)(timeGradientScale * timeError);
            }
        }
        parts.Note = noteSum * inverseRows;
        parts.Velocity = velocitySum * inverseRows;
        parts.DeltaTime = timeSum * inverseRows;
        parts.Total = Weights.Note * parts.Note + Weights.Velocity * parts.Velocity + Weights.DeltaTime * parts.DeltaTime;
        return (float)parts.Total;
    }
}
