using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Dl4m.IO;
using Dl4m.Data;
using Dl4m.Nn;
using Dl4m.Training.Losses;

namespace Dl4m.Training;

/// <summary>
/// Trains a model on a prepared dataset into a self-describing model folder (see docs/readme/train.md):
/// <see cref="Open"/> checks everything and measures the baselines, <see cref="Run"/> trains with Adam,
/// validating, keeping the best weights and checkpointing every epoch (or every --val-every steps).
/// Nothing is written before the inputs are known good; the folder loads at any moment of a run.
/// </summary>
public sealed class Trainer : IDisposable
{
    /// <summary>File name of the training record inside the model folder.</summary>
    public const string RecordFileName = "train.json";

    /// <summary>File name of the per-validation history.</summary>
    public const string HistoryFileName = "history.csv";

    /// <summary>File name of the loss curves.</summary>
    public const string LossPlotFileName = "loss.png";

    private readonly Dataset _dataset;
    private readonly Model _model;
    private readonly Adam _adam;
    private readonly WindowSet _train;
    private readonly Evaluator _validation;
    private readonly TrainingLossAdapter _adapter;
    private readonly TrainingLossAdapter _warmupAdapter;
    private readonly string _folder;
    private TrainingState _state;

    private Trainer(Dataset dataset, Model model, Adam adam, WindowSet train, WindowSet validation, ITrainingLoss loss,
        TrainingOptions options, FeatureScaling scaling, string folder, TrainingState state, TrainRecord record)
    {
        _dataset = dataset;
        _model = model;
        _adam = adam;
        _train = train;
        _validation = new Evaluator(validation, loss, scaling, options.ValidationBatch);
        _adapter = new TrainingLossAdapter(loss, options.Threads);
        _warmupAdapter = new TrainingLossAdapter(new MseLoss(), options.Threads);
        _folder = folder;
        _state = state;
        Options = options;
        Scaling = scaling;
        Loss = loss;
        Record = record;
        ValidationWindows = validation;
        Baselines = [("repeat previous event", _validation.RepeatPrevious()), ("training mean", _validation.TrainingMean())];
    }

    /// <summary>The options in force (for a resumed run: the stored ones with the overrides applied).</summary>
    public TrainingOptions Options { get; }

    /// <summary>The normalisation.</summary>
    public FeatureScaling Scaling { get; }

    /// <summary>The training loss.</summary>
    public ITrainingLoss Loss { get; }

    /// <summary>What train.json holds.</summary>
    public TrainRecord Record { get; }

    /// <summary>The model being trained.</summary>
    public Model Model => _model;

    /// <summary>Training windows (per epoch only whole batches are used; the order changes every epoch).</summary>
    public WindowSet TrainWindows => _train;

    /// <summary>Validation windows.</summary>
    public WindowSet ValidationWindows { get; }

    /// <summary>Where the run stands (after <see cref="Open"/>: the start; for a resumed run, the checkpoint's).</summary>
    public TrainingState State => _state;

    /// <summary>The two baselines on the validation split, in the loss's parts: repeat the previous event; predict the training mean.</summary>
    public IReadOnlyList<(string Name, LossSummary Loss)> Baselines { get; }

    /// <summary>Live figures for a progress bar.</summary>
    public TrainingProgress Progress { get; } = new();

    /// <summary>Called on the training thread after each validation point (for plain progress lines).</summary>
    public Action<HistoryRow>? ValidationDone { get; set; }

    /// <summary>
    /// Opens the dataset, builds the windows, the model and the baselines, and prepares the model folder:
    /// a new one is assembled beside it and renamed into place; a resumed one is read back from its checkpoint.
    /// <paramref name="loss"/> replaces the loss chosen by the options (tests use it to inject failures).
    /// </summary>
    /// <exception cref="Dl4mException">Bad input: not a dataset, another schema, a look-back longer than every song,
    /// an existing non-empty folder without resume/force, a damaged checkpoint, another dataset on resume.</exception>
    public static Trainer Open(string dataFolder, string modelFolder, TrainingOptions options, OutputPolicy policy, ITrainingLoss? loss = null)
    {
        options.Validate();
        string folder = Path.GetFullPath(modelFolder);
        CheckOutput(folder, modelFolder, policy);
        var dataset = Dataset.Open(dataFolder);
        Model? model = null;
        try
        {
            string manifestHash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(dataset.Folder, DatasetFormat.ManifestFile))));
            TrainRecord? stored = policy == OutputPolicy.Resume ? ReadRecord(folder) : null;
            if (stored is not null && stored.ManifestSha256 != manifestHash)
                throw new Dl4mException($"cannot resume '{modelFolder}': it was trained on another dataset (manifest SHA-256 {stored.ManifestSha256[..12]}…, '{dataFolder}' has {manifestHash[..12]}…)");
            var scaling = stored?.Normalization ?? FeatureScaling.FromManifest(dataset.Manifest);

            var train = WindowSet.Build(dataset, DatasetSplit.Train, scaling, options.Lookback, options.Mode, options.MaxSongs, options.MaxWindows, options.Seed);
            if (train.Count == 0)
                throw new Dl4mException(train.LongestSong == 0
                    ? $"dataset '{dataFolder}' has no training songs"
                    : $"--lookback {options.Lookback} is longer than every training song: the longest has {train.LongestSong} events, and a window needs lookback + 1");
            if (train.Count < options.Batch)
                throw new Dl4mException($"only {train.Count} training windows, fewer than --batch {options.Batch}: lower --batch or use more data");
            var validation = WindowSet.Build(dataset, DatasetSplit.Validation, scaling, options.Lookback, options.Mode, options.MaxSongs, options.MaxWindows, options.Seed);
            if (validation.Count == 0)
                throw new Dl4mException(validation.LongestSong == 0
                    ? $"dataset '{dataFolder}' has no validation songs: prepare it with a validation share (--split)"
                    : $"--lookback {options.Lookback} is longer than every validation song: the longest has {validation.LongestSong} events, and a window needs lookback + 1");

            loss ??= TrainingLossFactory.Create(options.Loss == LossKind.Note ? "note" : "mse", scaling.NoteStd);
            var config = options.ModelConfig();
            model = Model.Create(config, options.Seed);
            model.Threads = options.Threads;
            var adam = new Adam(model) { LearningRate = (float)options.LearningRate, ClipNorm = options.Clip > 0 ? (float)options.Clip : null };
            var record = new TrainRecord
            {
                Dl4mVersion = Version,
                Dataset = dataset.Folder,
                ManifestSha256 = manifestHash,
                Model = config.Describe(),
                Parameters = config.ParameterCount(),
                Options = options,
                Normalization = scaling,
                TrainWindows = train.Count / options.Batch * (long)options.Batch,
                ValidationWindows = validation.Count,
            };
            var state = new TrainingState { ShuffleSeed = options.Seed };
            if (policy == OutputPolicy.Resume)
            {
                if (!ModelConfigJson.Load(Path.Combine(folder, ModelStore.ConfigFileName)).Describe().Equals(config.Describe(), StringComparison.Ordinal))
                    throw new Dl4mException($"cannot resume '{modelFolder}': its config.json does not match the training options");
                state = Checkpoint.Load(Path.Combine(folder, Checkpoint.FileName), model, adam);
                var trainer = new Trainer(dataset, model, adam, train, validation, loss, options, scaling, folder, state, record);
                AtomicFile.WriteAllText(Path.Combine(folder, RecordFileName), JsonSerializer.Serialize(record, TrainingJson.Options) + "\n");
                return trainer;
            }
            var created = new Trainer(dataset, model, adam, train, validation, loss, options, scaling, folder, state, record);
            created.CreateFolder(policy);
            return created;
        }
        catch
        {
            model?.Dispose();
            dataset.Dispose();
            throw;
        }
    }

    /// <summary>Reads a model folder's train.json.</summary>
    public static TrainRecord ReadRecord(string modelFolder) =>
        TrainingJson.Read<TrainRecord>(Path.Combine(modelFolder, RecordFileName), "training record");

    private static void CheckOutput(string folder, string given, OutputPolicy policy)
    {
        if (File.Exists(folder)) throw new Dl4mException($"--out '{given}' is a file, not a folder");
        bool exists = Directory.Exists(folder);
        if (policy == OutputPolicy.Resume)
        {
            if (!exists) throw new Dl4mException($"cannot resume: model folder '{given}' does not exist");
            if (!File.Exists(Path.Combine(folder, Checkpoint.FileName)))
                throw new Dl4mException($"cannot resume: '{given}' has no {Checkpoint.FileName} (not a dl4m training folder)");
            return;
        }
        if (policy == OutputPolicy.New && exists && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new Dl4mException($"--out '{given}' exists and is not empty: use --resume to continue training it or --force to replace it");
    }

    /// <summary>Writes the initial folder (config, record, initial weights, checkpoint) beside the target, then renames it in.</summary>
    private void CreateFolder(OutputPolicy policy)
    {
        using var staging = StagingFolder.Create(_folder, force: policy == OutputPolicy.Force);
        AtomicFile.WriteAllText(Path.Combine(staging.Path, ModelStore.ConfigFileName), ModelConfigJson.Serialize(_model.Config) + "\n");
        AtomicFile.WriteAllText(Path.Combine(staging.Path, RecordFileName), JsonSerializer.Serialize(Record, TrainingJson.Options) + "\n");
        WriteBestWeights(staging.Path);
        Checkpoint.Save(Path.Combine(staging.Path, Checkpoint.FileName), _model, _adam, _state);
        AtomicFile.WriteAllText(Path.Combine(staging.Path, HistoryFileName), HistoryCsv.Format([]));
        staging.Commit();
    }

    private void WriteBestWeights(string folder)
    {
        var metadata = new Dictionary<string, string> { ["format"] = "dl4m", ["layout"] = "keras" };
        AtomicFile.WriteAllBytes(Path.Combine(folder, ModelStore.WeightsFileName), Safetensors.Serialize(_model.Parameters, metadata));
    }

    /// <summary>
    /// Trains until the epoch count (or early stopping) from where the state stands. Cancelling stops at the next
    /// step; the folder then holds the last checkpoint.
    /// </summary>
    /// <exception cref="Dl4mException">The loss became NaN or infinite (the last good checkpoint is kept).</exception>
    public TrainingResult Run(CancellationToken cancel = default)
    {
        var o = Options;
        int batch = o.Batch, lookback = o.Lookback;
        int stepsPerEpoch = _train.Count / batch;
        var order = new int[_train.Count];
        var input = new float[batch * lookback * WindowSet.Features];
        var target = new float[batch * _train.TargetRows * WindowSet.Features];
        var parts = new LossParts();
        double sumTotal = 0, sumNote = 0, sumVelocity = 0, sumDelta = 0;
        int stretchSteps = 0;
        long sessionSteps = 0;
        double sessionTrainingSeconds = 0;
        long sessionStart = Stopwatch.GetTimestamp();
        long stretchStart = sessionStart;
        double stretchSeconds = 0; // training time since the last validation (validation excluded)
        var progress = Progress;
        progress.Epochs = o.Epochs;
        progress.TotalSteps = (long)o.Epochs * stepsPerEpoch;
        bool stop = _state.StoppedEarly;

        void Validate(int epochNumber)
        {
            stretchSeconds += Stopwatch.GetElapsedTime(stretchStart).TotalSeconds;
            sessionTrainingSeconds += Stopwatch.GetElapsedTime(stretchStart).TotalSeconds;
            var train = new LossSummary(sumTotal / stretchSteps, sumNote / stretchSteps, sumVelocity / stretchSteps, sumDelta / stretchSteps, double.NaN);
            var validation = _validation.Evaluate(_model);
            if (!train.IsFinite || !validation.IsFinite)
                throw Diverged($"the {(train.IsFinite ? "validation" : "training")} loss is {(train.IsFinite ? validation.Total : train.Total)}", epochNumber);
            double windowsPerSecond = stretchSteps * (double)batch / Math.Max(stretchSeconds, 1e-9);
            var row = new HistoryRow(epochNumber, _state.Step, train, validation, windowsPerSecond, _state.Seconds + stretchSeconds);
            bool improved = validation.Total < _state.BestValidationLoss;
            if (improved) WriteBestWeights(_folder);
            int without = improved ? 0 : _state.ValidationsWithoutImprovement + 1;
            bool early = o.Patience > 0 && without >= o.Patience;
            _state.History.Add(row);
            _state = _state with
            {
                BestValidationLoss = improved ? validation.Total : _state.BestValidationLoss,
                BestStep = improved ? _state.Step : _state.BestStep,
                ValidationsWithoutImprovement = without,
                Seconds = row.Seconds,
                StoppedEarly = early,
            };
            Checkpoint.Save(Path.Combine(_folder, Checkpoint.FileName), _model, _adam, _state);
            AtomicFile.WriteAllText(Path.Combine(_folder, HistoryFileName), HistoryCsv.Format(_state.History));
            LossCurveFigure.Save(Path.Combine(_folder, LossPlotFileName), _state.History, Baselines, Loss.Name);
            progress.ValidationLoss = validation.Total;
            ValidationDone?.Invoke(row);
            sumTotal = sumNote = sumVelocity = sumDelta = 0;
            stretchSteps = 0;
            stretchSeconds = 0;
            stop |= early;
            stretchStart = Stopwatch.GetTimestamp();
        }

        while (!stop && _state.Epoch < o.Epochs)
        {
            int epoch = _state.Epoch;
            progress.Epoch = epoch + 1;
            EpochShuffle.Fill(order, _state.ShuffleSeed, epoch);
            // The MSE warm-up only precedes the note loss; an MSE run or an injected loss trains on its own loss throughout.
            var adapter = epoch < o.WarmupEpochs && o.Loss == LossKind.Note && Loss is CombinedLoss ? _warmupAdapter : _adapter;
            for (int step = _state.StepInEpoch; step < stepsPerEpoch && !stop; step++)
            {
                cancel.ThrowIfCancellationRequested();
                _train.FillBatch(order.AsSpan(step * batch, batch), input, target);
                double loss = _model.ComputeGradients(input, target, batch, lookback, adapter);
                if (!double.IsFinite(loss)) throw Diverged($"the training loss is {loss}", epoch + 1);
                adapter.Combine(parts);
                _adam.Step();
                sumTotal += parts.Total;
                sumNote += parts.Note;
                sumVelocity += parts.Velocity;
                sumDelta += parts.DeltaTime;
                stretchSteps++;
                sessionSteps++;
                _state.Step++;
                _state.StepInEpoch = step + 1;
                if ((sessionSteps & 15) == 0) UpdateProgress();
                if (o.ValidateEvery > 0 && _state.Step % o.ValidateEvery == 0) Validate(epoch + 1);
            }
            if (stop) break;
            _state.Epoch = epoch + 1;
            _state.StepInEpoch = 0;
            bool last = _state.Epoch == o.Epochs;
            if (o.ValidateEvery == 0 || (last && stretchSteps > 0)) Validate(epoch + 1);
        }
        UpdateProgress();
        double seconds = Stopwatch.GetElapsedTime(sessionStart).TotalSeconds;
        if (stretchSteps > 0) sessionTrainingSeconds += Stopwatch.GetElapsedTime(stretchStart).TotalSeconds;
        var best = _state.History.Where(r => r.Step == _state.BestStep).LastOrDefault();
        return new TrainingResult(best, _state.History, _state.StoppedEarly, sessionSteps * (double)batch / Math.Max(sessionTrainingSeconds, 1e-9), seconds);

        void UpdateProgress()
        {
            double elapsed = sessionTrainingSeconds + Stopwatch.GetElapsedTime(stretchStart).TotalSeconds;
            progress.Step = _state.Step;
            progress.TrainLoss = stretchSteps > 0 ? sumTotal / stretchSteps : double.NaN;
            progress.WindowsPerSecond = elapsed > 0 ? sessionSteps * (double)batch / elapsed : 0;
            progress.SecondsLeft = progress.WindowsPerSecond > 0
                ? (progress.TotalSteps - _state.Step) * (double)batch / progress.WindowsPerSecond
                : double.NaN;
        }
    }

    private Dl4mException Diverged(string what, int epoch) => new(
        $"training stopped: {what} at epoch {epoch}, step {_state.Step} (learning rate {Options.LearningRate}); " +
        $"the last good checkpoint (step {LastCheckpointStep()}) and the best weights are kept in '{_folder}'; try a lower --lr or --clip");

    private long LastCheckpointStep() => _state.History.Count > 0 ? _state.History[^1].Step : 0;

    private static string Version =>
        typeof(Trainer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Stops the engine's threads and unmaps the dataset.</summary>
    public void Dispose()
    {
        _model.Dispose();
        _dataset.Dispose();
    }
}
