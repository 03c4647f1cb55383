using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Dl4m.Categorical;
using Dl4m.Data;
using Dl4m.Families;
using Dl4m.Families.Categorical;
using Dl4m.Families.Original;
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
    private bool _folderIsNew;       // this run created the model folder (not --resume)
    private bool _trainedSaved;      // a checkpoint after training steps reached the disk

    /// <summary>File name of the training record inside the model folder.</summary>
    public const string RecordFileName = "train.json";

    /// <summary>File name of the per-validation history.</summary>
    public const string HistoryFileName = "history.csv";

    /// <summary>File name of the loss curves.</summary>
    public const string LossPlotFileName = "loss.png";

    private readonly Dataset _dataset;
    private readonly INetwork _model;
    private readonly Adam _adam;
    private readonly ITrainingTask _task;
    private readonly string _folder;
    private TrainingState _state;

    private Trainer(Dataset dataset, INetwork model, Adam adam, ITrainingTask task, TrainingOptions options, FeatureScaling scaling,
        string folder, TrainingState state, TrainRecord record)
    {
        _dataset = dataset;
        _model = model;
        _adam = adam;
        _task = task;
        _folder = folder;
        _state = state;
        Options = options;
        Scaling = scaling;
        ValidationEverySteps = ValidationCadence.Steps(options.ValidateEvery, task.Train.Windows / options.Batch, options.Batch, options.Lookback);
        Record = record with
        {
            ValidationEverySteps = ValidationEverySteps,
            ValidationCadence = ValidationCadence.Describe(options.ValidateEvery, ValidationEverySteps),
            ValidationSample = task.ValidationSample,
        };
    }

    /// <summary>The options in force (for a resumed run: the stored ones with the overrides applied).</summary>
    public TrainingOptions Options { get; }

    /// <summary>The original model's normalisation (stored for every model, used by the original model).</summary>
    public FeatureScaling Scaling { get; }

    /// <summary>The categorical model's encoding (written as encoding.json); null for another family.</summary>
    public CategoricalEncoding? Encoding => (_task as CategoricalTrainingTask)?.Encoding;

    /// <summary>The original model's training loss; null for another family.</summary>
    public ITrainingLoss? Loss => (_task as OriginalTrainingTask)?.Loss;

    /// <summary>Name of the training loss: "note" or "mse" (original), "categorical".</summary>
    public string LossName => _task.LossName;

    /// <summary>What train.json holds (its <see cref="TrainRecord.Outcome"/> once <see cref="Run"/> has ended).</summary>
    public TrainRecord Record { get; private set; }

    /// <summary>
    /// The clock of the training loop: the --time budget, history seconds and windows/s. Tests put a fake one here
    /// to stop by time without waiting.
    /// </summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Steps between validations in force, 0 = at the end of each epoch (--val-every, or the automatic rule).</summary>
    public int ValidationEverySteps { get; }

    /// <summary>The part of the validation split validated on (categorical); null when every window is (original).</summary>
    public ValidationSample? ValidationSample => _task.ValidationSample;

    /// <summary>How the last <see cref="Run"/> ended (also when it was interrupted); null before.</summary>
    public TrainingOutcome? Outcome => Record.Outcome;

    /// <summary>The LSTM/Dense model being trained (the original and categorical families).</summary>
    /// <exception cref="InvalidOperationException">The family trains another network (<see cref="Network"/>).</exception>
    public Model Model => _model as Model ?? throw new InvalidOperationException($"this run trains a {_model.Describe()}, not an LSTM model");

    /// <summary>The network being trained, whatever its family.</summary>
    public INetwork Network => _model;

    /// <summary>Training windows and songs (per epoch only whole batches are used; the order changes every epoch).</summary>
    public WindowCounts TrainWindows => _task.Train;

    /// <summary>Validation windows and songs.</summary>
    public WindowCounts ValidationWindows => _task.Validation;

    /// <summary>Where the run stands (after <see cref="Open"/>: the start; for a resumed run, the checkpoint's).</summary>
    public TrainingState State => _state;

    /// <summary>
    /// The baselines on the validation split, in the model's loss parts. Original: repeat the previous event; predict the
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
    /// <paramref name="loss"/> replaces the loss chosen by the options (original model only; tests use it to inject failures).
    /// The categorical model fits its encoding on the training split (a resumed run reads the folder's encoding.json).
    /// </summary>
    /// <exception cref="Dl4mException">Bad input: not a dataset, another schema, a look-back longer than every song,
    /// an existing non-empty folder without resume/force, a damaged checkpoint or encoding.json, another dataset or
    /// model family on resume.</exception>
    public static Trainer Open(string dataFolder, string modelFolder, TrainingOptions options, OutputPolicy policy, ITrainingLoss? loss = null)
    {
        // A resumed folder of another family is refused as such before the options are checked against a family they
        // were not stored for (resuming with --model X keeps the stored options and asks for X).
        if (policy == OutputPolicy.Resume && File.Exists(Path.Combine(modelFolder, RecordFileName))
            && ReadRecord(modelFolder).Options.Model is var recorded && recorded != options.Model)
            throw new Dl4mException($"cannot resume '{modelFolder}': it holds a model of the {ModelFamilies.Of(recorded).Name} family, the options ask for {ModelFamilies.Of(options.Model).Name}");
        options.Validate();
        var family = ModelFamilies.Of(options.Model);
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
        INetwork? model = null;
        try
        {
            string manifestHash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(dataset.Folder, DatasetFormat.ManifestFile))));
            TrainRecord? stored = policy == OutputPolicy.Resume ? ReadRecord(folder) : null;
            if (stored is not null && stored.ManifestSha256 != manifestHash)
                throw new Dl4mException($"cannot resume '{modelFolder}': it was trained on another dataset (manifest SHA-256 {stored.ManifestSha256[..12]}…, '{dataFolder}' has {manifestHash[..12]}…)");
            var scaling = stored?.Normalization ?? FeatureScaling.FromManifest(dataset.Manifest);
            var task = family.OpenTraining(new FamilyTrainingContext(dataset, dataFolder, folder, modelFolder, options, scaling, policy == OutputPolicy.Resume, loss));

            model = family.CreateNetwork(options, task);
            model.Threads = options.Threads;
            var adam = new Adam(model) { LearningRate = (float)options.LearningRate, ClipNorm = options.Clip > 0 ? (float)options.Clip : null };
            var record = new TrainRecord
            {
                Dl4mVersion = Version,
                Dataset = dataset.Folder,
                ManifestSha256 = manifestHash,
                Model = model.Describe(),
                Parameters = model.ParameterCount,
                Options = options,
                Normalization = scaling,
                TrainWindows = task.Train.Windows / options.Batch * (long)options.Batch,
                ValidationWindows = task.Validation.Windows,
            };
            var state = new TrainingState { ShuffleSeed = options.Seed };
            if (policy == OutputPolicy.Resume)
            {
                string configPath = Path.Combine(folder, ModelStore.ConfigFileName);
                bool sameNetwork = model is Model lstm
                    ? ModelConfigJson.Load(configPath).Describe().Equals(lstm.Config.Describe(), StringComparison.Ordinal) // as config.json was always compared
                    : File.ReadAllText(configPath).Trim().Equals(model.ConfigJson().Trim(), StringComparison.Ordinal);
                if (!sameNetwork)
                    throw new Dl4mException($"cannot resume '{modelFolder}': its config.json does not match the training options");
                state = Checkpoint.Load(Path.Combine(folder, Checkpoint.FileName), model, adam);
                model.TrainingSteps = state.Step; // per-step random streams (dropout masks) continue where they stopped
                // A session that ended at its checkpoint (patience, epochs, time) recorded its wall clock up to the end
                // in train.json; that is the time --time counts, not the checkpoint's (taken before the last validation).
                if (stored?.Outcome is { } outcome && outcome.Steps == state.Step)
                    state = state with { WallSeconds = Math.Max(state.WallSeconds, outcome.WallSeconds) };
                var trainer = new Trainer(dataset, model, adam, task, options, scaling, folder, state, record) { _outputLock = outputLock };
                trainer.WriteRecord();
                return trainer;
            }
            var created = new Trainer(dataset, model, adam, task, options, scaling, folder, state, record) { _outputLock = outputLock };
            created.CreateFolder(policy);
            created._folderIsNew = true;
            return created;
        }
        catch
        {
            model?.Dispose();
            dataset.Dispose();
            outputLock.Dispose();
            throw;
        }
    }

    /// <summary>Reads a model folder's train.json.</summary>
    public static TrainRecord ReadRecord(string modelFolder) =>
        TrainingJson.Read<TrainRecord>(Path.Combine(modelFolder, RecordFileName), "training record");

    private static void CheckOutput(string folder, string given, OutputPolicy policy)
    {
        if (File.Exists(folder)) throw new Dl4mException($"model folder '{given}' is a file, not a folder");
        bool exists = Directory.Exists(folder);
        if (policy == OutputPolicy.Resume)
        {
            if (!exists) throw new Dl4mException($"cannot resume: model folder '{given}' does not exist");
            if (!File.Exists(Path.Combine(folder, Checkpoint.FileName)))
                throw new Dl4mException($"cannot resume: '{given}' has no {Checkpoint.FileName} (not a dl4m training folder)");
            return;
        }
        if (policy == OutputPolicy.New && exists && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new Dl4mException($"model folder '{given}' exists and is not empty: use OutputPolicy.Resume to continue training it or OutputPolicy.Force to replace it");
    }

    /// <summary>Writes the initial folder (config, record, initial weights, checkpoint) beside the target, then renames it in.</summary>
    private void CreateFolder(OutputPolicy policy)
    {
        using var staging = StagingFolder.Create(_folder, force: policy == OutputPolicy.Force);
        AtomicFile.WriteAllText(Path.Combine(staging.Path, ModelStore.ConfigFileName), _model.ConfigJson() + "\n");
        WriteRecord(staging.Path);
        WriteBestWeights(staging.Path);
        Checkpoint.Save(Path.Combine(staging.Path, Checkpoint.FileName), _model, _adam, _state);
        AtomicFile.WriteAllText(Path.Combine(staging.Path, HistoryFileName), _task.FormatHistory([]));
        staging.Commit();
    }

    private void WriteRecord(string? folder = null) =>
        AtomicFile.WriteAllText(Path.Combine(folder ?? _folder, RecordFileName), JsonSerializer.Serialize(Record, TrainingJson.Options) + "\n");

    /// <summary>The best weights and the family's files that go with them (<see cref="ITrainingTask.SaveModelFiles"/>).</summary>
    private void WriteBestWeights(string folder)
    {
        var metadata = new Dictionary<string, string> { ["format"] = "dl4m", ["layout"] = "keras" };
        AtomicFile.WriteAllBytes(Path.Combine(folder, ModelStore.WeightsFileName), Safetensors.Serialize(_model.Parameters, metadata));
        _task.SaveModelFiles(folder, _model);
    }

    /// <summary>
    /// Trains from where the state stands until the first of: --patience validations without improvement, --epochs
    /// epochs, the --time budget (wall clock of the loop, earlier sessions included). A stretch of training cut by the
    /// time budget is validated before stopping, so no step goes unmeasured. Cancelling stops at the next step; the
    /// folder then holds the last checkpoint, train.json says "interrupted", and the cancellation is rethrown.
    /// </summary>
    /// <exception cref="Dl4mException">The loss became NaN or infinite (the last good checkpoint is kept).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was cancelled.</exception>
    public TrainingResult Run(CancellationToken cancel = default)
    {
        try
        {
            return RunSession(cancel);
        }
        catch (Exception e) when (e is not OperationCanceledException && _folderIsNew && !_trainedSaved)
        {
            // A new run that fails before its first checkpoint after training (a full disk, a loss that diverges at
            // once) would leave a folder of untrained epoch-0 weights that looks like a model: leave nothing instead.
            _outputLock?.Dispose();
            _outputLock = null;
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                throw new Dl4mException($"{e.Message.TrimEnd('.')}; '{_folder}' holds only untrained weights and could not be removed: {cleanup.Message}", e);
            }
            throw new Dl4mException(WithoutKeptFolder(e.Message, $"no epoch was saved, so '{_folder}' was removed"), e);
        }
    }

    /// <summary>The failure's message with its "the last good checkpoint … is kept" part replaced by <paramref name="instead"/>.</summary>
    private static string WithoutKeptFolder(string message, string instead)
    {
        var parts = message.TrimEnd('.').Split("; ").Where(p => !p.StartsWith("the last good checkpoint", StringComparison.Ordinal)).ToList();
        parts.Insert(1, instead);
        return string.Join("; ", parts);
    }

    private TrainingResult RunSession(CancellationToken cancel)
    {
        var o = Options;
        int batch = o.Batch, lookback = o.Lookback;
        int stepsPerEpoch = _task.Train.Windows / batch;
        int validateEvery = ValidationEverySteps;
        var order = new int[_task.Train.Windows];
        var input = new float[batch * _task.InputValuesPerWindow];
        var target = new float[batch * _task.TargetValuesPerWindow];
        var clock = Clock;
        int stretchSteps = 0;
        long sessionSteps = 0;
        double sessionTrainingSeconds = 0;
        long sessionStart = clock.GetTimestamp();
        long stretchStart = sessionStart;
        double stretchSeconds = 0; // training time since the last validation (validation excluded)
        double wallBefore = _state.WallSeconds; // earlier sessions, up to their last checkpoint
        var progress = Progress;
        progress.Epochs = o.Epochs;
        progress.TotalSteps = (long)o.Epochs * stepsPerEpoch;
        ShowBest(progress);
        // A resumed run stops at once when its budget is already spent under the options now in force (a run stopped
        // by patience, epochs or time continues when the new --patience, --epochs or --time leaves room).
        var stop = StopReason.None;
        if (o.Patience > 0 && _state.History.Count > 0 && _state.ValidationsWithoutImprovement >= o.Patience) stop = StopReason.Patience;
        else if (o.TimeLimitSeconds > 0 && wallBefore >= o.TimeLimitSeconds) stop = StopReason.Time;

        double Wall() => wallBefore + clock.GetElapsedTime(sessionStart).TotalSeconds;

        void Validate(int epochNumber)
        {
            double stretch = clock.GetElapsedTime(stretchStart).TotalSeconds;
            stretchSeconds += stretch;
            sessionTrainingSeconds += stretch;
            var train = _task.EndStretch();
            var validation = _task.Validate(_model);
            if (!train.IsFinite || !validation.IsFinite)
                throw Diverged($"the {(train.IsFinite ? "validation" : "training")} loss is {(train.IsFinite ? validation.Total : train.Total)}", epochNumber);
            double windowsPerSecond = stretchSteps * (double)batch / Math.Max(stretchSeconds, 1e-9);
            bool improved = validation.Total < _state.BestValidationLoss;
            if (improved) WriteBestWeights(_folder);
            // Patience counts validations since the last one that beat its reference by more than --min-delta, so a
            // creeping improvement still resets it once it adds up; the weights are kept at any improvement.
            double reference = _state.PatienceBest ?? _state.BestValidationLoss;
            bool progressed = validation.Total < reference - o.MinDelta;
            int without = progressed ? 0 : _state.ValidationsWithoutImprovement + 1;
            var row = new HistoryRow(epochNumber, _state.Step, train, validation, windowsPerSecond, _state.Seconds + stretchSeconds, improved, without);
            _state.History.Add(row);
            _state = _state with
            {
                BestValidationLoss = improved ? validation.Total : _state.BestValidationLoss,
                BestStep = improved ? _state.Step : _state.BestStep,
                ValidationsWithoutImprovement = without,
                PatienceBest = progressed ? validation.Total : reference,
                Seconds = row.Seconds,
                WallSeconds = Wall(),
            };
            Checkpoint.Save(Path.Combine(_folder, Checkpoint.FileName), _model, _adam, _state);
            _trainedSaved = true;
            AtomicFile.WriteAllText(Path.Combine(_folder, HistoryFileName), _task.FormatHistory(_state.History));
            _task.SavePlot(Path.Combine(_folder, LossPlotFileName), _state.History);
            progress.ValidationLoss = validation.Total;
            progress.ValidationNoteNll = validation.NoteNll ?? double.NaN;
            progress.ValidationAccuracy = validation.NoteAccuracy;
            ShowBest(progress);
            ValidationDone?.Invoke(row);
            stretchSteps = 0;
            stretchSeconds = 0;
            if (o.Patience > 0 && without >= o.Patience) stop = StopReason.Patience;
            stretchStart = clock.GetTimestamp();
        }

        try
        {
            while (stop == StopReason.None && _state.Epoch < o.Epochs)
            {
                int epoch = _state.Epoch;
                progress.Epoch = epoch + 1;
                _task.FillOrder(order, _state.ShuffleSeed, epoch);
                _task.BeginEpoch(epoch, order, _state.StepInEpoch, batch);
                var loss = _task.StepLoss(epoch);
                for (int step = _state.StepInEpoch; step < stepsPerEpoch && stop == StopReason.None; step++)
                {
                    cancel.ThrowIfCancellationRequested();
                    if (o.TimeLimitSeconds > 0 && Wall() >= o.TimeLimitSeconds)
                    {
                        if (stretchSteps > 0) Validate(epoch + 1);
                        stop = StopReason.Time;
                        break;
                    }
                    _task.FillTrainBatch(order.AsSpan(step * batch, batch), input, target);
                    double value = _model.ComputeGradients(input, target, batch, lookback, loss, _task.CarriedStateFor(_model));
                    if (!double.IsFinite(value)) throw Diverged($"the training loss is {value}", epoch + 1);
                    _task.RecordStep();
                    _adam.Step();
                    stretchSteps++;
                    sessionSteps++;
                    _state.Step++;
                    _state.StepInEpoch = step + 1;
                    if ((sessionSteps & 15) == 0) UpdateProgress();
                    if (validateEvery > 0 && _state.Step % validateEvery == 0) Validate(epoch + 1);
                }
                if (stop != StopReason.None) break;
                _state.Epoch = epoch + 1;
                _state.StepInEpoch = 0;
                bool last = _state.Epoch == o.Epochs;
                if (validateEvery == 0 || (last && stretchSteps > 0)) Validate(epoch + 1);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Finish(StopReason.Interrupted);
            throw;
        }
        if (stop == StopReason.None) stop = StopReason.MaxEpochs;
        UpdateProgress();
        double seconds = clock.GetElapsedTime(sessionStart).TotalSeconds;
        if (stretchSteps > 0) sessionTrainingSeconds += clock.GetElapsedTime(stretchStart).TotalSeconds;
        var outcome = Finish(stop);
        return new TrainingResult(BestRow(), _state.History, stop, sessionSteps * (double)batch / Math.Max(sessionTrainingSeconds, 1e-9), seconds, outcome);

        TrainingOutcome Finish(StopReason reason)
        {
            var best = BestRow();
            var outcome = new TrainingOutcome
            {
                StopReason = reason,
                StopDetail = StopDetail(reason, o),
                BestEpoch = best?.Epoch ?? 0,
                BestStep = best?.Step ?? 0,
                BestValidationLoss = best?.Validation.Total ?? double.NaN,
                BestValidationNllPerNote = best?.Validation.NoteNll,
                EpochsRun = Math.Round(_state.Step / (double)stepsPerEpoch, 3),
                Steps = _state.Step,
                Validations = _state.History.Count,
                WallSeconds = Math.Round(Wall(), 2),
            };
            Record = Record with { Outcome = outcome };
            WriteRecord();
            return outcome;
        }

        void UpdateProgress()
        {
            double elapsed = sessionTrainingSeconds + clock.GetElapsedTime(stretchStart).TotalSeconds;
            progress.Step = _state.Step;
            progress.TrainLoss = _task.StretchTotal;
            progress.WindowsPerSecond = elapsed > 0 ? sessionSteps * (double)batch / elapsed : 0;
            double left = progress.WindowsPerSecond > 0
                ? (progress.TotalSteps - _state.Step) * (double)batch / progress.WindowsPerSecond
                : double.NaN;
            // An upper bound: early stopping may end the run sooner.
            if (o.TimeLimitSeconds > 0) left = Math.Min(double.IsNaN(left) ? double.PositiveInfinity : left, Math.Max(0, o.TimeLimitSeconds - Wall()));
            progress.SecondsLeft = left;
        }
    }

    private HistoryRow? BestRow() => _state.History.Where(r => r.Step == _state.BestStep).LastOrDefault();

    private void ShowBest(TrainingProgress progress)
    {
        if (BestRow() is not { } best) return;
        progress.BestEpoch = best.Epoch;
        progress.BestValidationLoss = best.Validation.Total;
        progress.BestValidationNoteNll = best.Validation.NoteNll ?? double.NaN;
    }

    /// <summary>Why a run stopped, in words (train.json's <c>stop_detail</c>).</summary>
    public static string StopDetail(StopReason reason, TrainingOptions o) => reason switch
    {
        StopReason.Patience => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"no improvement of more than {o.MinDelta} in {o.Patience} validation{(o.Patience == 1 ? "" : "s")}"),
        StopReason.MaxEpochs => $"reached the limit of {o.Epochs} epochs",
        StopReason.Time => $"spent the time budget of {TimeBudget.Format(o.TimeLimitSeconds)}",
        StopReason.Interrupted => "interrupted; the folder holds the last checkpoint",
        _ => "running",
    };

    private Dl4mException Diverged(string what, int epoch) => new(
        $"training stopped: {what} at epoch {epoch}, step {_state.Step} (learning rate {Options.LearningRate}); " +
        $"the last good checkpoint (step {LastCheckpointStep()}) and the best weights are kept in '{_folder}'; try a lower TrainingOptions.LearningRate or TrainingOptions.Clip");

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
