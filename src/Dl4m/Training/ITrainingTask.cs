using Dl4m.Nn;

namespace Dl4m.Training;

/// <summary>
/// The model-specific half of a training run, so one <see cref="Trainer"/> loop (folder, checkpoints, history,
/// early stopping, resume) serves every model family (<see cref="Families.IModelFamily.OpenTraining"/>): the windows and how a batch is filled, the loss of a
/// step and its parts, validation, baselines, and the history's columns and figure.
/// </summary>
internal interface ITrainingTask
{
    /// <summary>Loss name as printed ("note", "mse", "categorical").</summary>
    string LossName { get; }

    /// <summary>Input features per event.</summary>
    int InputSize { get; }

    /// <summary>Outputs per predicted event (the last Dense layer's units).</summary>
    int OutputSize { get; }

    /// <summary>Training split windows and songs.</summary>
    WindowCounts Train { get; }

    /// <summary>Validation split windows and songs.</summary>
    WindowCounts Validation { get; }

    /// <summary>The part of the validation split validated on; null when every window is (the original model).</summary>
    ValidationSample? ValidationSample { get; }

    /// <summary>Input floats per window (look-back × <see cref="InputSize"/>).</summary>
    int InputValuesPerWindow { get; }

    /// <summary>Target floats per window.</summary>
    int TargetValuesPerWindow { get; }

    /// <summary>The baselines on the validation split, in the same parts as <see cref="Validate"/>.</summary>
    IReadOnlyList<(string Name, LossSummary Loss)> Baselines { get; }

    /// <summary>
    /// The window order of epoch <paramref name="epoch"/>, a function of (seed, epoch) only (resume depends on it): by
    /// default windows shuffled one by one; stateful training lays them out in lanes through whole songs.
    /// </summary>
    void FillOrder(Span<int> order, int seed, int epoch) => EpochShuffle.Fill(order, seed, epoch);

    /// <summary>
    /// The state the rows of the next training step start from and leave theirs in (after <see cref="FillTrainBatch"/>,
    /// which decides which rows restart from zero); null: every window from zero.
    /// </summary>
    CarriedState? CarriedStateFor(INetwork model) => null;

    /// <summary>
    /// Called before the first step of epoch <paramref name="epoch"/> (0-based) with its window order; when a resumed
    /// run starts mid-epoch, <paramref name="firstStep"/> steps of <paramref name="batch"/> windows are already done, and
    /// any per-epoch random draws must be replayed up to there.
    /// </summary>
    void BeginEpoch(int epoch, ReadOnlySpan<int> order, int firstStep, int batch);

    /// <summary>Fills the next training batch of <paramref name="windows"/> (the windows' next slice of the epoch order).</summary>
    void FillTrainBatch(ReadOnlySpan<int> windows, Span<float> input, Span<float> target);

    /// <summary>The loss the engine trains on in <paramref name="epoch"/> (0-based).</summary>
    IOutputLoss StepLoss(int epoch);

    /// <summary>After a step with <see cref="StepLoss"/>: adds its parts to the current stretch.</summary>
    void RecordStep();

    /// <summary>Mean training total of the current stretch (NaN before its first step).</summary>
    double StretchTotal { get; }

    /// <summary>The mean parts of the stretch since the last call, and starts a new stretch.</summary>
    LossSummary EndStretch();

    /// <summary>The model's parts over every validation window.</summary>
    LossSummary Validate(INetwork model);

    /// <summary>
    /// Writes the family's files of the model folder that describe the best weights (<see cref="Families.IModelFamily.FolderFiles"/>):
    /// called with the weights, when the folder is created and at every improvement, while <paramref name="model"/> holds them.
    /// </summary>
    void SaveModelFiles(string folder, INetwork model);

    /// <summary>history.csv's text.</summary>
    string FormatHistory(IReadOnlyList<HistoryRow> history);

    /// <summary>Writes loss.png.</summary>
    void SavePlot(string path, IReadOnlyList<HistoryRow> history);
}
