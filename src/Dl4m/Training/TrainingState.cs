namespace Dl4m.Training;

/// <summary>
/// Where a run stands, saved in every checkpoint with the weights and Adam's moments so a resumed run
/// continues exactly (the step counters are settable so the training loop advances them without allocating): the next window is <see cref="StepInEpoch"/>·batch of epoch <see cref="Epoch"/>'s
/// order (a function of the seed and the epoch, see <see cref="EpochShuffle"/>).
/// </summary>
public sealed record TrainingState
{
    /// <summary>Current epoch, 0-based (equal to the epoch count when training is complete).</summary>
    public int Epoch { get; set; }

    /// <summary>Steps already done in the current epoch.</summary>
    public int StepInEpoch { get; set; }

    /// <summary>Steps done in total.</summary>
    public long Step { get; set; }

    /// <summary>Adam's update count (its bias corrections depend on it).</summary>
    public int AdamSteps { get; init; }

    /// <summary>Seed of the window order (the training seed).</summary>
    public int ShuffleSeed { get; init; }

    /// <summary>Best validation total so far (+∞ before the first validation).</summary>
    public double BestValidationLoss { get; init; } = double.PositiveInfinity;

    /// <summary>Step at which the best validation loss was measured.</summary>
    public long BestStep { get; init; }

    /// <summary>Validations since the last one that beat <see cref="PatienceBest"/> by more than --min-delta (for --patience).</summary>
    public int ValidationsWithoutImprovement { get; init; }

    /// <summary>The validation total that last reset the patience counter; null = <see cref="BestValidationLoss"/>
    /// (checkpoints written before --min-delta existed, where the two were the same).</summary>
    public double? PatienceBest { get; init; }

    /// <summary>Seconds of training in all sessions so far (validation excluded).</summary>
    public double Seconds { get; init; }

    /// <summary>Wall-clock seconds of the training loop in all sessions up to this checkpoint (validation included;
    /// what --time limits).</summary>
    public double WallSeconds { get; init; }

    /// <summary>Every validation point so far.</summary>
    public List<HistoryRow> History { get; init; } = [];
}
