namespace Dl4m.Training;

/// <summary>
/// Live figures of a running <see cref="Trainer"/> for a progress bar: written by the training thread,
/// read by any other (plain fields: a torn read only affects what is displayed).
/// </summary>
public sealed class TrainingProgress
{
    /// <summary>Current epoch, 1-based.</summary>
    public volatile int Epoch;

    /// <summary>Epochs in the run.</summary>
    public int Epochs;

    /// <summary>Steps done in total.</summary>
    public long Step;

    /// <summary>Steps in the whole run.</summary>
    public long TotalSteps;

    /// <summary>Mean training loss of the current stretch (since the last validation).</summary>
    public double TrainLoss = double.NaN;

    /// <summary>Last validation total loss.</summary>
    public double ValidationLoss = double.NaN;

    /// <summary>Categorical model: last validation NLL per note in nats (NaN for the original model or before the first validation).</summary>
    public double ValidationNoteNll = double.NaN;

    /// <summary>Last validation note accuracy (NaN before the first validation).</summary>
    public double ValidationAccuracy = double.NaN;

    /// <summary>Epoch (1-based) of the best validation point so far (0 before the first validation).</summary>
    public int BestEpoch;

    /// <summary>Best validation total so far (NaN before the first validation).</summary>
    public double BestValidationLoss = double.NaN;

    /// <summary>Categorical model: validation NLL per note at the best point so far (NaN otherwise).</summary>
    public double BestValidationNoteNll = double.NaN;

    /// <summary>Training windows per second (recent).</summary>
    public double WindowsPerSecond;

    /// <summary>Estimated seconds left to the --epochs or --time bound, whichever comes first (NaN until measurable);
    /// early stopping may end the run sooner.</summary>
    public double SecondsLeft = double.NaN;
}
