using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Dl4m.Categorical;
using Dl4m.Data;
using Dl4m.IO;
using Dl4m.Nn;
using Dl4m.Training.Losses;

namespace Dl4m.Training;

/// <summary>
/// Trains a model on a prepared dataset into a self-describing model folder (see docs/train.md):
/// <see cref="Open"/> checks everything and measures the baselines, <see cref="Run"/> trains with Adam,
/// validating, keeping the best weights and checkpointing every epoch (or every --val-every steps).
/// Nothing is written before the inputs are known good; the folder loads at any moment of a run.
/// </summary>
public sealed class Trainer : IDisposable
{
    private OutputLock? _outputLock; // the model folder's lock, from Open until Dispose

    /// <summary>File name of the training record inside the model folder.</summary>
    public const string RecordFileName = "train.json";

    /// <summary>File name of the per-validation history.</summary>
    public const string HistoryFileName = "history.csv";

    /// <summary>File name of the loss curves.</summary>
    public const string LossPlotFileName = "loss.png";

    private readonly Dataset _dataset;
    private readonly Model _model;
    private readonly Adam _adam;
    private readonly ITrainingTask _task;
    private readonly string _folder;
    private TrainingState _state;

    private Trainer(Dataset dataset, Model model, Adam adam, ITrainingTask task, TrainingOptions options, FeatureScaling scaling,
        CategoricalEncoding? encoding, string folder, TrainingState state, TrainRecord record)
    {
        _dataset = dataset;
        _model = model;
        _adam = adam;
        _task = task;
        _folder = folder;
        _state = state;
        Options = options;
        Scaling = scaling;
        Encoding = encoding;
        Record = record;
    }

    /// <summary>The options in force (for a resumed run: the stored ones with the overrides applied).</summary>
    public TrainingOptions Options { get; }

    /// <summary>The seed model's normalisation (stored for every model, used by the seed model).</summary>
    public FeatureScaling Scaling { get; }

    /// <summary>The categorical model's encoding (written as encoding.json); null for the seed model.</summary>
    public CategoricalEncoding? Encoding { get; }

    /// <summary>The seed model's training loss; null for the categorical model.</summary>
    public ITrainingLoss? Loss => (_task as SeedTrainingTask)?.Loss;

    /// <summary>Name of the training loss: "note" or "mse" (seed), "categorical".</summary>
    public string LossName => _task.LossName;

    /// <summary>What train.json holds.</summary>
    public TrainRecord Record { get; }

    /// <summary>The model being trained.</summary>
    public Model Model => _model;

    /// <summary>Training windows and songs (per epoch only whole batches are used; the order changes every epoch).</summary>
    public WindowCounts TrainWindows => _task.Train;

    /// <summary>Validation windows and songs.</summary>
    public WindowCounts ValidationWindows => _task.Validation;

    /// <summary>Where the run stands (after <see cref="Open"/>: the start; for a resumed run, the checkpoint's).</summary>
    public TrainingState State => _state;

    /// <summary>
    /// The baselines on the validation split, in the model's loss parts. Seed: repeat the previous event; predict the
    /// training mean. Categorical: uniform (every class equally likely: NLL = ln of the class count) and unigram
    /// (every head's training class frequencies, add-one smoothed).
    /// </summary>
    public IReadOnlyList<(string Name, LossSummary Loss)> Baselines => _task.Baselines;

    /// <summary>Live figures for a progress bar.</summary>
    public TrainingProgress Progress { get; } = new();

    /// <summary>Called on the training thread after each validation point (for plain progress lines).</summary>
    public Action<HistoryRow>? ValidationDone { get; set; }

    /// <summary>
    /// Opens the dataset, builds the windows, the model and the baselines, and prepares the model folder:
    /// a new one is assembled beside it and renamed into place; a resumed one is read back from its checkpoint.
    /// <paramref name="loss"/> replaces the loss chosen by the options (seed model only; tests use it to inject failures).
    /// The categorical model fits its encoding on the training split (a resumed run reads the folder's encoding.json).
    /// </summary>
    /// <exception cref="Dl4mException">Bad input: not a dataset, another schema, a look-back longer than every song,
    /// an existing non-empty folder without resume/force, a damaged checkpoint or encoding.json, another dataset or
    /// model family on resume.</exception>
    public static Trainer Open(string dataFolder, string modelFolder, TrainingOptions options, OutputPolicy policy, ITrainingLoss? loss = null)
    {
        options.Validate();
        if (loss is not null && options.Model != ModelKind.Seed)
            throw new ArgumentException("an injected loss is for the seed model only", nameof(loss));
        string folder = Path.GetFullPath(modelFolder);
        var outputLock = OutputLock.Acquire(folder); // held until Dispose: a second train to the same folder stops here
        Dataset dataset;
        try
        {
            CheckOutput(folder, modelFolder, policy);
            dataset = Dataset.Open(dataFolder);
        }
        catch
        {
            outputLock.Dispose();
            throw;
        }
        Model? model = null;
        try
        {
            string manifestHash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(dataset.Folder, DatasetFormat.ManifestFile))));
            TrainRecord? stored = policy == OutputPolicy.Resume ? ReadRecord(folder) : null;
            if (stored is not null && stored.ManifestSha256 != manifestHash)
                throw new Dl4mException($"cannot resume '{modelFolder}': it was trained on another dataset (manifest SHA-256 {stored.ManifestSha256[..12]}…, '{dataFolder}' has {manifestHash[..12]}…)");
            if (stored is not null && stored.Options.Model != options.Model)
                throw new Dl4mException($"cannot resume '{modelFolder}': it holds a {Name(stored.Options.Model)} model, the options ask for {Name(options.Model)}");
            var scaling = stored?.Normalization ?? FeatureScaling.FromManifest(dataset.Manifest);

            CategoricalEncoding? encoding = null;
            ITrainingTask task;
            if (options.Model == ModelKind.Seed)
            {
                task = SeedTrainingTask.Create(dataset, dataFolder, options, scaling, loss);
            }
            else
            {
                encoding = policy == OutputPolicy.Resume
                    ? CategoricalEncodingJson.TryLoad(folder) ?? throw new Dl4mException($"cannot resume '{modelFolder}': it has no {CategoricalEncodingJson.FileName} (a categorical model folder needs one)")
                    : CategoricalTrainingTask.FitEncoding(dataset, options);
                task = CategoricalTrainingTask.Create(dataset, dataFolder, options, encoding);
            }

            var config = options.ModelConfig(task.InputSize, task.OutputSize);
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
                TrainWindows = task.Train.Windows / options.Batch * (long)options.Batch,
                ValidationWindows = task.Validation.Windows,
            };
            var state = new TrainingState { ShuffleSeed = options.Seed };
            if (policy == OutputPolicy.Resume)
            {
                if (!ModelConfigJson.Load(Path.Combine(folder, ModelStore.ConfigFileName)).Describe().Equals(config.Describe(), StringComparison.Ordinal))
                    throw new Dl4mException($"cannot resume '{modelFolder}': its config.json does not match the training options");
                state = Checkpoint.Load(Path.Combine(folder, Checkpoint.FileName), model, adam);
                var trainer = new Trainer(dataset, model, adam, task, options, scaling, encoding, folder, state, record) { _outputLock = outputLock };
                AtomicFile.WriteAllText(Path.Combine(folder, RecordFileName), JsonSerializer.Serialize(record, TrainingJson.Options) + "\n");
                return trainer;
            }
            var created = new Trainer(dataset, model, adam, task, options, scaling, encoding, folder, state, record) { _outputLock = outputLock };
            created.CreateFolder(policy);
            return created;
        }
        catch
        {
            model?.Dispose();
            dataset.Dispose();
            outputLock.Dispose();
            throw;
        }

        static string Name(ModelKind kind) => kind == ModelKind.Seed ? "seed" : "categorical";
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
        if (Encoding is not null) CategoricalEncodingJson.Save(Encoding, staging.Path);
        WriteBestWeights(staging.Path);
        Checkpoint.Save(Path.Combine(staging.Path, Checkpoint.FileName), _model, _adam, _state);
        AtomicFile.WriteAllText(Path.Combine(staging.Path, HistoryFileName), _task.FormatHistory([]));
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
        int stepsPerEpoch = _task.Train.Windows / batch;
        var order = new int[_task.Train.Windows];
        var input = new float[batch * _task.InputValuesPerWindow];
        var target = new float[batch * _task.TargetValuesPerWindow];
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
            var train = _task.EndStretch();
            var validation = _task.Validate(_model);
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
            AtomicFile.WriteAllText(Path.Combine(_folder, HistoryFileName), _task.FormatHistory(_state.History));
            _task.SavePlot(Path.Combine(_folder, LossPlotFileName), _state.History);
            progress.ValidationLoss = validation.Total;
            progress.ValidationNoteNll = validation.NoteNll ?? double.NaN;
            progress.ValidationAccuracy = validation.NoteAccuracy;
            ValidationDone?.Invoke(row);
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
            _task.BeginEpoch(epoch, order, _state.StepInEpoch, batch);
            var loss = _task.StepLoss(epoch);
            for (int step = _state.StepInEpoch; step < stepsPerEpoch && !stop; step++)
            {
                cancel.ThrowIfCancellationRequested();
                _task.FillTrainBatch(order.AsSpan(step * batch, batch), input, target);
                double value = _model.ComputeGradients(input, target, batch, lookback, loss);
                if (!double.IsFinite(value)) throw Diverged($"the training loss is {value}", epoch + 1);
                _task.RecordStep();
                _adam.Step();
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
            progress.TrainLoss = _task.StretchTotal;
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
        _outputLock?.Dispose();
    }
}
