namespace Dl4m.Training.Losses;

/// <summary>
/// Sums of the categorical loss's parts over <see cref="Rows"/> output rows (one row = one predicted event), in nats
/// for the cross-entropies; means by the properties. Filled by <see cref="CategoricalLoss.Combine"/> (the rows of
/// the last training step) or accumulated by <see cref="CategoricalLoss.Measure"/> (validation).
/// </summary>
public struct CategoricalLossParts
{
    /// <summary>Σ cross-entropy of the note head against its (smoothed) target distribution: what training minimises.</summary>
    public double NoteCrossEntropy { get; set; }

    /// <summary>Σ −ln p(true note class): the hard negative log-likelihood, even when the training target is smoothed.</summary>
    public double NoteNll { get; set; }

    /// <summary>Rows whose most likely note class (argmax of the logits) is the true one.</summary>
    public long NoteCorrect { get; set; }

    /// <summary>Σ velocity part: cross-entropy over the bins, or squared error of the z-score.</summary>
    public double Velocity { get; set; }

    /// <summary>Σ Δtime part: cross-entropy over the bins, or squared error of the z-score.</summary>
    public double Delta { get; set; }

    /// <summary>Σ duration part: cross-entropy over the bins, or squared error of the z-score.</summary>
    public double Duration { get; set; }

    /// <summary>Rows summed.</summary>
    public long Rows { get; set; }

    /// <summary>Σ training total: note cross-entropy + velocity + Δtime + duration.</summary>
    public readonly double Total => NoteCrossEntropy + Velocity + Delta + Duration;

    /// <summary>Mean note cross-entropy against the (smoothed) target per row (NaN without rows).</summary>
    public readonly double MeanNoteCrossEntropy => Mean(NoteCrossEntropy);

    /// <summary>Mean −ln p(true note) per row, in nats (NaN without rows).</summary>
    public readonly double MeanNoteNll => Mean(NoteNll);

    /// <summary>Share of rows whose argmax note class is the true one (NaN without rows).</summary>
    public readonly double NoteAccuracy => Mean(NoteCorrect);

    /// <summary>Mean velocity part per row (NaN without rows).</summary>
    public readonly double MeanVelocity => Mean(Velocity);

    /// <summary>Mean Δtime part per row (NaN without rows).</summary>
    public readonly double MeanDelta => Mean(Delta);

    /// <summary>Mean duration part per row (NaN without rows).</summary>
    public readonly double MeanDuration => Mean(Duration);

    /// <summary>Mean training total per row: the loss training reports (NaN without rows).</summary>
    public readonly double MeanTotal => Mean(Total);

    /// <summary>Adds <paramref name="other"/>'s sums to these.</summary>
    public void Add(in CategoricalLossParts other)
    {
        NoteCrossEntropy += other.NoteCrossEntropy;
        NoteNll += other.NoteNll;
        NoteCorrect += other.NoteCorrect;
        Velocity += other.Velocity;
        Delta += other.Delta;
        Duration += other.Duration;
        Rows += other.Rows;
    }

    private readonly double Mean(double sum) => Rows == 0 ? double.NaN : sum / Rows;
}
