using Dl4m.Data;
using Dl4m.Generation;
using Dl4m.Nn;
using Dl4m.Training;
using Dl4m.Training.Losses;

namespace Dl4m.Families.Original;

/// <summary>
/// The original model's side of training: normalised 3-feature windows (optionally transposed), the note (or MSE) loss
/// with its MSE warm-up; beside the best weights, the residual noise generation samples with (sampling.json).
/// </summary>
internal sealed class OriginalTrainingTask : ITrainingTask
{
    private readonly WindowSet _train;
    private readonly WindowSet _validation;
    private readonly TrainingOptions _options;
    private readonly OriginalOptions _own;
    private readonly Evaluator _evaluator;
    private readonly TrainingLossAdapter _adapter;
    private readonly TrainingLossAdapter _warmupAdapter;
    private readonly LossParts _parts = new();
    private readonly FeatureScaling _scaling;
    private readonly Dataset _dataset;
    private readonly float[] _noteShifts;
    private Random _random = new(0);
    private TrainingLossAdapter _current;
    private double _sumTotal, _sumNote, _sumVelocity, _sumDelta;
    private int _steps;

    private OriginalTrainingTask(Dataset dataset, WindowSet train, WindowSet validation, ITrainingLoss loss, FeatureScaling scaling, TrainingOptions options)
    {
        _dataset = dataset;
        _train = train;
        _validation = validation;
        _options = options;
        _own = options.FamilyAs<OriginalOptions>();
        _scaling = scaling;
        _noteShifts = new float[options.Batch];
        Loss = loss;
        _evaluator = new Evaluator(validation, loss, scaling, options.ValidationBatch);
        _adapter = new TrainingLossAdapter(loss, options.Threads);
        _warmupAdapter = new TrainingLossAdapter(new MseLoss(), options.Threads);
        _current = _adapter;
        Baselines = [("repeat previous event", _evaluator.RepeatPrevious()), ("training mean", _evaluator.TrainingMean())];
    }

    /// <summary>Builds the windows of both splits (errors name the look-back or the missing split) and measures the baselines.</summary>
    public static OriginalTrainingTask Create(Dataset dataset, string dataFolder, TrainingOptions options, FeatureScaling scaling, ITrainingLoss? loss)
    {
        var own = options.FamilyAs<OriginalOptions>();
        var train = WindowSet.Build(dataset, DatasetSplit.Train, scaling, options.Lookback, own.Mode, options.MaxSongs, options.MaxWindows, options.Seed);
        TrainingWindows.Check(new(train.Count, train.Songs), train.LongestSong, DatasetSplit.Train, dataFolder, options);
        var validation = WindowSet.Build(dataset, DatasetSplit.Validation, scaling, options.Lookback, own.Mode, options.MaxSongs, options.MaxWindows, options.Seed);
        TrainingWindows.Check(new(validation.Count, validation.Songs), validation.LongestSong, DatasetSplit.Validation, dataFolder, options);
        loss ??= TrainingLossFactory.Create(own.Loss == LossKind.Note ? "note" : "mse", scaling.NoteStd);
        return new OriginalTrainingTask(dataset, train, validation, loss, scaling, options);
    }

    /// <summary>The training loss.</summary>
    public ITrainingLoss Loss { get; }

    public string LossName => Loss.Name;
    public int InputSize => WindowSet.Features;
    public int OutputSize => WindowSet.Features;
    public WindowCounts Train => new(_train.Count, _train.Songs);
    public WindowCounts Validation => new(_validation.Count, _validation.Songs);
    public ValidationSample? ValidationSample => null;
    public int InputValuesPerWindow => _train.Lookback * WindowSet.Features;
    public int TargetValuesPerWindow => _train.TargetRows * WindowSet.Features;
    public IReadOnlyList<(string Name, LossSummary Loss)> Baselines { get; }

    public void BeginEpoch(int epoch, ReadOnlySpan<int> order, int firstStep, int batch)
    {
        if (_options.AugmentTranspose == 0) return;
        _random = TranspositionDraws.ForEpoch(_options.Seed, epoch);
        for (int step = 0; step < firstStep; step++)
            _train.DrawTranspositions(order.Slice(step * batch, batch), _options.AugmentTranspose, _scaling, _random, _noteShifts);
    }

    public void FillTrainBatch(ReadOnlySpan<int> windows, Span<float> input, Span<float> target)
    {
        if (_options.AugmentTranspose == 0)
        {
            _train.FillBatch(windows, input, target);
            return;
        }
        var shifts = _noteShifts.AsSpan(0, windows.Length);
        _train.DrawTranspositions(windows, _options.AugmentTranspose, _scaling, _random, shifts);
        _train.FillBatch(windows, shifts, input, target);
    }

    // The MSE warm-up only precedes the note loss; an MSE run or an injected loss trains on its own loss throughout.
    public IOutputLoss StepLoss(int epoch) =>
        _current = epoch < _own.WarmupEpochs && _own.Loss == LossKind.Note && Loss is CombinedLoss ? _warmupAdapter : _adapter;

    public void RecordStep()
    {
        _current.Combine(_parts);
        _sumTotal += _parts.Total;
        _sumNote += _parts.Note;
        _sumVelocity += _parts.Velocity;
        _sumDelta += _parts.DeltaTime;
        _steps++;
    }

    public double StretchTotal => _steps > 0 ? _sumTotal / _steps : double.NaN;

    public LossSummary EndStretch()
    {
        var summary = new LossSummary(_sumTotal / _steps, _sumNote / _steps, _sumVelocity / _steps, _sumDelta / _steps, double.NaN);
        _sumTotal = _sumNote = _sumVelocity = _sumDelta = 0;
        _steps = 0;
        return summary;
    }

    public LossSummary Validate(INetwork model) => _evaluator.Evaluate(model);

    // Measured exactly as generation measured it from the dataset before (the same windows, the same weights), so a
    // folder generates the same songs whether or not its dataset still exists.
    public void SaveModelFiles(string folder, INetwork model) =>
        SamplingNoiseFile.Save(folder, ResidualNoise.Estimate((Model)model, _scaling, _dataset, _options.Lookback));

    public string FormatHistory(IReadOnlyList<HistoryRow> history) => HistoryCsv.Format(history);

    public void SavePlot(string path, IReadOnlyList<HistoryRow> history) => LossCurveFigure.Save(path, history, Baselines, Loss.Name);
}
