using System.Text.Json;
using System.CommandLine;
using System.Globalization;
using Dl4m.Categorical;
using Dl4m.Cli.Progress;
using Dl4m.Families;
using Dl4m.Families.Categorical;
using Dl4m.Families.Transformer;
using Dl4m.Families.Original;
using Dl4m.Training;

namespace Dl4m.Cli.Commands;

/// <summary>
/// `dl4m train DATA --out MODEL`: trains the original's model (or a variant) on a prepared dataset, prints
/// the validation baselines first and a comparison at the end, and keeps a self-describing model folder.
/// </summary>
internal static class TrainCommand
{
    private const int Interrupted = 130;

    public static Command Create()
    {
        var originalDefaults = TrainingOptions.For(ModelKind.Original);
        var categoricalDefaults = TrainingOptions.For(ModelKind.Categorical);
        var originalOwn = originalDefaults.FamilyAs<OriginalOptions>();
        var categoricalOwn = categoricalDefaults.FamilyAs<CategoricalOptions>();
        var transformerDefaults = TrainingOptions.For(ModelKind.Transformer);
        var transformerOwn = transformerDefaults.FamilyAs<TransformerOptions>();
        var families = ModelFamilies.All;
        var data = new Argument<string>("data-dir") { Description = "Dataset folder written by dl4m prepare." };
        var output = CommonOptions.Out("Model folder to write.");
        var model = new Option<string>("--model")
        {
            Description = "The model family: " + string.Join("; ", families.Select(f => $"{f.Name}{(f.Aliases.Count > 0 ? $" (or {string.Join(", ", f.Aliases)})" : "")}: {f.Description}"))
                + ". categorical is the default since it beat the original on every song metric (see the README comparison).",
            DefaultValueFactory = _ => "categorical",
        };
        model.AcceptOnlyFromAmong([.. ModelFamilies.AcceptedNames]);
        // Options whose default depends on --model have no DefaultValueFactory: "given or not" picks the model's default.
        var lookback = new Option<int>("--lookback") { Description = $"Events per input window [original: {originalDefaults.Lookback}, categorical: {categoricalDefaults.Lookback}, transformer: {transformerDefaults.Lookback} (its context)]." };
        var hidden = new Option<string>("--hidden") { Description = $"LSTM units: one size for every layer, or one per layer (e.g. 64,48) [original: {originalOwn.Hidden[0]}, categorical: {categoricalOwn.Hidden[0]}]." };
        var layers = new Option<int>("--layers") { Description = "Number of stacked LSTM layers.", DefaultValueFactory = _ => originalOwn.LstmLayers };
        var dense = new Option<string>("--dense") { Description = $"Units of the relu Dense layers before the linear output layer, comma-separated, or 'none' [original: {originalOwn.Dense[0]}, categorical: none]." };
        var epochs = new Option<int>("--epochs") { Description = $"Passes over the training windows; for the categorical model an upper bound (early stopping usually ends sooner) [original: {originalDefaults.Epochs}, categorical: {categoricalDefaults.Epochs}]." };
        var batch = new Option<int>("--batch") { Description = "Windows per training step.", DefaultValueFactory = _ => originalDefaults.Batch };
        var lr = new Option<double>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => originalDefaults.LearningRate };
        var clip = new Option<double>("--clip") { Description = "Clip the global gradient norm to this value (0: off) [original, categorical: 0; transformer: 1].", DefaultValueFactory = _ => 0 };
        var seed = CommonOptions.Seed("Seed of the weights, the window order and the transpositions.", defaultValue: 0);
        var threads = CommonOptions.Threads();
        var mode = new Option<string>("--mode") { Description = "many-to-one (the original) or many-to-many [original: many-to-one, categorical: many-to-many]." };
        mode.AcceptOnlyFromAmong("many-to-one", "many-to-many");
        var loss = new Option<string>("--loss") { Description = "Original model: note (note loss + 0.2·(MSE velocity + MSE Δt)) or mse.", DefaultValueFactory = _ => "note" };
        loss.AcceptOnlyFromAmong("note", "mse");
        var warmup = new Option<int>("--warmup-epochs") { Description = "Original model: epochs of plain MSE before the note loss takes over (--loss note only).", DefaultValueFactory = _ => originalOwn.WarmupEpochs };
        var notes = new Option<string>("--notes") { Description = "Categorical: the note head predicts pitches or intervals from the previous note.", DefaultValueFactory = _ => "pitch" };
        notes.AcceptOnlyFromAmong("pitch", "interval");
        var intervalRange = new Option<int>("--interval-range") { Description = "Categorical, --notes interval: largest interval R (classes −R…+R).", DefaultValueFactory = _ => categoricalOwn.IntervalRange };
        var smoothing = new Option<double>("--smoothing") { Description = "Categorical: musical label smoothing ε, the share of the note target spread to consonant neighbours (0: plain cross-entropy).", DefaultValueFactory = _ => categoricalOwn.Smoothing };
        var smoothingTemperature = new Option<double>("--smoothing-temperature") { Description = "Categorical: temperature τ of the spread (∝ exp(−interval cost/τ)).", DefaultValueFactory = _ => categoricalOwn.SmoothingTemperature };
        var velocity = new Option<string>("--velocity") { Description = "Categorical: velocity head as classes (16 bins) or regression.", DefaultValueFactory = _ => "classes" };
        velocity.AcceptOnlyFromAmong("classes", "regression");
        var timing = new Option<string>("--timing") { Description = "Categorical: Δtime and duration heads as classes (32 log-spaced bins) or regression.", DefaultValueFactory = _ => "classes" };
        timing.AcceptOnlyFromAmong("classes", "regression");
        var augment = new Option<string>("--augment") { Description = $"none, or transpose:N (each training window transposed by a random −N…+N semitones every epoch) [original: none, categorical: transpose:{categoricalDefaults.AugmentTranspose}]." };
        var normalizeKey = new Option<bool>("--normalize-key") { Description = "Categorical: transpose every song to C major / A minor by its estimated key." };
        var lookbackBars = new Option<string>("--lookback-bars") { Description = "Categorical: lookback inputs, for each k of a comma list the event that followed the aligned point k bars back, added to the logits by learned gates (a copy layer); or none.", DefaultValueFactory = _ => string.Join(",", CategoricalEncoding.DefaultLookbackBars) };
        var labels = new Option<string>("--labels") { Description = "Categorical: auto (condition on the label when the dataset has 2+ labels) or none.", DefaultValueFactory = _ => "auto" };
        labels.AcceptOnlyFromAmong("auto", "none");
        var stride = new Option<int>("--stride") { Description = "Categorical: events between the starts of consecutive windows [= lookback]." };
        var state = new Option<string>("--state") { Description = "Categorical: carry (rows walk through whole songs, the LSTM state carried from window to window) or reset (every window from zero) [carry; reset when --stride differs from --lookback]." };
        state.AcceptOnlyFromAmong("carry", "reset");
        var valEvery = new Option<string>("--val-every") { Description = "Validate and checkpoint every N steps, or epoch (0: each epoch), or auto (each epoch, or every 2 M training events when an epoch is longer) [original: epoch, categorical: auto]." };
        var patience = new Option<int>("--patience") { Description = $"Stop after N validations without an improvement of more than --min-delta; the best weights are kept (0: never) [original: 0, categorical: {categoricalDefaults.Patience}]." };
        var minDelta = new Option<double>("--min-delta") { Description = $"How much lower than the best the validation loss must be to count as an improvement for --patience [original: 0, categorical: {categoricalDefaults.MinDelta}]." };
        var time = new Option<string>("--time") { Description = "Wall-clock budget of the training loop, e.g. 90s, 10m, 1h30m; a resumed run counts its earlier sessions (none: no limit).", DefaultValueFactory = _ => "none" };
        var valEvents = new Option<int>("--val-events") { Description = $"Categorical: validate on a fixed subset of whole validation songs of at most N events (0: all) [{categoricalOwn.ValidationEvents}]." };
        var maxWindows = new Option<int>("--max-windows") { Description = "Use at most N windows per split, for quick runs (0: all).", DefaultValueFactory = _ => 0 };
        var maxSongs = new Option<int>("--max-songs") { Description = "Use at most N songs per split, for quick runs (0: all).", DefaultValueFactory = _ => 0 };
        var resume = new Option<bool>("--resume") { Description = "Continue from the model folder's last checkpoint (its stored options; --epochs, --patience, --min-delta, --time, --val-every, --threads may change)." };
        var force = CommonOptions.Force("Replace the model folder if it exists and is not empty.");
        var blocks = new Option<int>("--blocks") { Description = "Transformer: blocks (attention + feed-forward).", DefaultValueFactory = _ => transformerOwn.Blocks };
        var heads = new Option<int>("--heads") { Description = "Transformer: attention heads (--width must be a multiple).", DefaultValueFactory = _ => transformerOwn.Heads };
        var width = new Option<int>("--width") { Description = "Transformer: model width.", DefaultValueFactory = _ => transformerOwn.Width };
        var feedForward = new Option<int>("--ff") { Description = "Transformer: feed-forward units per block.", DefaultValueFactory = _ => transformerOwn.FeedForward };
        var dropout = new Option<double>("--dropout") { Description = "Transformer: dropout on the attention and feed-forward outputs.", DefaultValueFactory = _ => transformerOwn.Dropout };
        var json = CommonOptions.Json();
        var command = new Command("train", "Train a model on a prepared dataset.")
        {
            data, output, model, lookback, hidden, layers, dense, epochs, batch, lr, clip, seed, threads, mode, loss, warmup,
            notes, intervalRange, smoothing, smoothingTemperature, velocity, timing, augment, normalizeKey, lookbackBars, labels, stride, state,
            blocks, heads, width, feedForward, dropout,
            valEvery, patience, minDelta, time, valEvents, maxWindows, maxSongs, resume, force, json,
        };
        // Each option of a family record, with the property it sets: a family takes the flag iff its record (its
        // defaults') has that property, and the message names the families whose record has it.
        (Option Option, string Property)[] familyOptions =
        [
            (hidden, nameof(ILstmOptions.Hidden)), (layers, nameof(ILstmOptions.LstmLayers)), (dense, nameof(ILstmOptions.Dense)), (mode, nameof(ILstmOptions.Mode)),
            (loss, nameof(OriginalOptions.Loss)), (warmup, nameof(OriginalOptions.WarmupEpochs)),
            (notes, nameof(CategoricalTokenOptions.Notes)), (intervalRange, nameof(CategoricalTokenOptions.IntervalRange)),
            (smoothing, nameof(CategoricalTokenOptions.Smoothing)), (smoothingTemperature, nameof(CategoricalTokenOptions.SmoothingTemperature)),
            (velocity, nameof(CategoricalTokenOptions.Velocity)), (timing, nameof(CategoricalTokenOptions.Timing)),
            (normalizeKey, nameof(CategoricalTokenOptions.NormalizeKey)), (lookbackBars, nameof(CategoricalTokenOptions.LookbackBars)),
            (labels, nameof(CategoricalTokenOptions.Labels)), (valEvents, nameof(CategoricalTokenOptions.ValidationEvents)),
            (state, nameof(CategoricalOptions.State)),
            (blocks, nameof(TransformerOptions.Blocks)), (heads, nameof(TransformerOptions.Heads)), (width, nameof(TransformerOptions.Width)),
            (feedForward, nameof(TransformerOptions.FeedForward)), (dropout, nameof(TransformerOptions.Dropout)),
        ];
        command.SetAction(parse =>
        {
            bool isResume = parse.GetValue(resume);
            if (isResume && parse.GetValue(force)) throw new Dl4mException("--resume and --force cannot be combined");
            string outDir = parse.GetValue(output)!;
            TrainingOptions options;
            if (isResume)
            {
                // The options a run is bound to, each with the setting it becomes: repeating one with the run's own value
                // is fine (users re-run the same command with --resume), another value is refused.
                (Option Option, Func<TrainingOptions, object?> Setting)[] fixedOptions =
                [
                    (lookback, o => o.Lookback), (hidden, o => Lstm(o)?.Hidden), (layers, o => Lstm(o)?.LstmLayers), (dense, o => Lstm(o)?.Dense),
                    (batch, o => o.Batch), (lr, o => o.LearningRate), (clip, o => o.Clip), (seed, o => o.Seed), (mode, o => Lstm(o)?.Mode),
                    (loss, o => Original(o)?.Loss), (warmup, o => Original(o)?.WarmupEpochs), (maxWindows, o => o.MaxWindows), (maxSongs, o => o.MaxSongs),
                    (notes, o => Tokens(o)?.Notes), (intervalRange, o => Tokens(o)?.IntervalRange), (smoothing, o => Tokens(o)?.Smoothing),
                    (smoothingTemperature, o => Tokens(o)?.SmoothingTemperature), (velocity, o => Tokens(o)?.Velocity), (timing, o => Tokens(o)?.Timing),
                    (augment, o => o.AugmentTranspose), (normalizeKey, o => Tokens(o)?.NormalizeKey), (lookbackBars, o => Tokens(o)?.LookbackBars),
                    (labels, o => Tokens(o)?.Labels), (stride, o => o.Stride), (valEvents, o => Tokens(o)?.ValidationEvents), (state, o => Categorical(o)?.State),
                    (blocks, o => Transformer(o)?.Blocks), (heads, o => Transformer(o)?.Heads), (width, o => Transformer(o)?.Width),
                    (feedForward, o => Transformer(o)?.FeedForward), (dropout, o => Transformer(o)?.Dropout),
                ];
                if (!Directory.Exists(outDir)) throw new Dl4mException($"cannot resume: model folder '{outDir}' does not exist");
                var stored = Trainer.ReadRecord(outDir).Options;
                if (fixedOptions.Any(f => Given(f.Option)))
                {
                    var asGiven = FromCommandLine(stored.Model);
                    var changed = fixedOptions.FirstOrDefault(f => Given(f.Option)
                        && JsonSerializer.Serialize(f.Setting(asGiven)) != JsonSerializer.Serialize(f.Setting(stored)));
                    if (changed.Option is not null)
                        throw new Dl4mException($"{changed.Option.Name} cannot change on --resume: the run continues with the options in {Path.Combine(outDir, Trainer.RecordFileName)} ({changed.Option.Name} {JsonSerializer.Serialize(changed.Setting(stored))})");
                }
                options = stored with
                {
                    // Repeating the run's own --model is fine; another one asks for that family's record, which the trainer refuses.
                    Family = Given(model) && ModelFamilies.Parse(parse.GetValue(model)!) is var asked && asked.Kind != stored.Model
                        ? asked.Defaults.Family : stored.Family,
                    Epochs = Given(epochs) ? parse.GetValue(epochs) : stored.Epochs,
                    Patience = Given(patience) ? parse.GetValue(patience) : stored.Patience,
                    MinDelta = Given(minDelta) ? parse.GetValue(minDelta) : stored.MinDelta,
                    TimeLimitSeconds = Given(time) ? TimeBudget.Parse(parse.GetValue(time)!) : stored.TimeLimitSeconds,
                    ValidateEvery = Given(valEvery) ? ValEvery(parse.GetValue(valEvery)!) : stored.ValidateEvery,
                    Threads = Given(threads) ? parse.GetValue(threads) : stored.Threads,
                };
            }
            else
            {
                options = FromCommandLine(ModelFamilies.Parse(parse.GetValue(model)!).Kind);
            }
            var policy = isResume ? OutputPolicy.Resume : parse.GetValue(force) ? OutputPolicy.Force : OutputPolicy.New;
            return Run(parse.InvocationConfiguration, parse.GetValue(data)!, outDir, options, policy, parse.GetValue(json));

            // The options of a new run of this model family as the command line gives them.
            TrainingOptions FromCommandLine(ModelKind kind)
            {
                var family = ModelFamilies.Of(kind);
                foreach (var (option, property) in familyOptions)
                    if (Given(option) && !Has(family, property))
                        throw new Dl4mException($"{option.Name} applies to --model {string.Join(" or ", families.Where(f => Has(f, property)).Select(f => f.Name))} only");
                var d = family.Defaults;
                var own = d.Family;
                // The LSTM network is an interface of two records (no common base to copy with): each arm sets it.
                own = own switch
                {
                    OriginalOptions o => o with
                    {
                        Hidden = HiddenOf(o), LstmLayers = parse.GetValue(layers), Dense = DenseOf(o), Mode = ModeOf(o),
                        Loss = parse.GetValue(loss) == "mse" ? LossKind.Mse : LossKind.Note,
                        WarmupEpochs = Given(warmup) ? parse.GetValue(warmup) : o.WarmupEpochs,
                    },
                    CategoricalOptions c => c with { Hidden = HiddenOf(c), LstmLayers = parse.GetValue(layers), Dense = DenseOf(c), Mode = ModeOf(c) },
                    _ => own,
                };
                own = own switch
                {
                    CategoricalTokenOptions c => c with
                    {
                        Notes = parse.GetValue(notes) == "interval" ? NoteTarget.Interval : NoteTarget.Pitch,
                        IntervalRange = parse.GetValue(intervalRange),
                        Smoothing = parse.GetValue(smoothing),
                        SmoothingTemperature = parse.GetValue(smoothingTemperature),
                        Velocity = parse.GetValue(velocity) == "regression" ? HeadKind.Regression : HeadKind.Classes,
                        Timing = parse.GetValue(timing) == "regression" ? HeadKind.Regression : HeadKind.Classes,
                        NormalizeKey = parse.GetValue(normalizeKey),
                        LookbackBars = Given(lookbackBars) ? LookbackBars(parse.GetValue(lookbackBars)!) : c.LookbackBars,
                        Labels = parse.GetValue(labels) == "none" ? LabelConditioning.None : LabelConditioning.Auto,
                        ValidationEvents = Given(valEvents) ? parse.GetValue(valEvents) : c.ValidationEvents,
                    },
                    _ => own,
                };
                var options = d with
                {
                    Family = own,
                    Lookback = Given(lookback) ? parse.GetValue(lookback) : d.Lookback,
                    Epochs = Given(epochs) ? parse.GetValue(epochs) : d.Epochs,
                    Batch = parse.GetValue(batch),
                    LearningRate = parse.GetValue(lr),
                    Clip = Given(clip) ? parse.GetValue(clip) : d.Clip,
                    Seed = parse.GetValue(seed),
                    Threads = parse.GetValue(threads),
                    AugmentTranspose = Given(augment) ? Augment(parse.GetValue(augment)!) : d.AugmentTranspose,
                    Stride = Given(stride) ? parse.GetValue(stride) : d.Stride,
                    ValidateEvery = Given(valEvery) ? ValEvery(parse.GetValue(valEvery)!) : d.ValidateEvery,
                    Patience = Given(patience) ? parse.GetValue(patience) : d.Patience,
                    MinDelta = Given(minDelta) ? parse.GetValue(minDelta) : d.MinDelta,
                    TimeLimitSeconds = TimeBudget.Parse(parse.GetValue(time)!),
                    MaxWindows = parse.GetValue(maxWindows),
                    MaxSongs = parse.GetValue(maxSongs),
                };
                if (options.Family is TransformerOptions transformer)
                    options = options with
                    {
                        Family = transformer with
                        {
                            Blocks = parse.GetValue(blocks),
                            Heads = parse.GetValue(heads),
                            Width = parse.GetValue(width),
                            FeedForward = parse.GetValue(feedForward),
                            Dropout = parse.GetValue(dropout),
                        },
                    };
                // Overlapping or gapped windows cannot hand a state on: without --state, such a stride trains from zero.
                if (options.Family is CategoricalOptions categorical)
                    options = options with
                    {
                        Family = categorical with
                        {
                            State = Given(state) ? (parse.GetValue(state) == "carry" ? StateMode.Carry : StateMode.Reset)
                                : options.EffectiveStride != options.Lookback ? StateMode.Reset : categorical.State,
                        },
                    };
                return options;
            }

            IReadOnlyList<int> HiddenOf(ILstmOptions lstm) => Given(hidden) ? Sizes(parse.GetValue(hidden)!, "--hidden", allowNone: false) : lstm.Hidden;
            IReadOnlyList<int> DenseOf(ILstmOptions lstm) => Given(dense) ? Sizes(parse.GetValue(dense)!, "--dense", allowNone: true) : lstm.Dense;
            TrainingMode ModeOf(ILstmOptions lstm) =>
                !Given(mode) ? lstm.Mode : parse.GetValue(mode) == "many-to-many" ? TrainingMode.ManyToMany : TrainingMode.ManyToOne;

            static bool Has(IModelFamily family, string property) => family.Defaults.Family.GetType().GetProperty(property) is not null;

            static ILstmOptions? Lstm(TrainingOptions o) => o.Family as ILstmOptions;
            static TransformerOptions? Transformer(TrainingOptions o) => o.Family as TransformerOptions;
            static OriginalOptions? Original(TrainingOptions o) => o.Family as OriginalOptions;
            static CategoricalTokenOptions? Tokens(TrainingOptions o) => o.Family as CategoricalTokenOptions;
            static CategoricalOptions? Categorical(TrainingOptions o) => o.Family as CategoricalOptions;

            bool Given(Option option) => parse.GetResult(option) is { Implicit: false };
        });
        return command;
    }

    /// <summary>--augment: "none" or "transpose:N".</summary>
    internal static int Augment(string text)
    {
        string t = text.Trim().ToLowerInvariant();
        if (t == "none") return 0;
        const string prefix = "transpose:";
        if (t.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(t.AsSpan(prefix.Length).TrimStart('±').TrimStart('+'), NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n <= TrainingOptions.MaxTranspose)
            return n;
        throw new Dl4mException($"--augment '{text}': expected none or transpose:N with N from 0 to {TrainingOptions.MaxTranspose} semitones");
    }

    /// <summary>Parses --lookback-bars: none, or distinct ascending bar counts 1–64 separated by commas.</summary>
    internal static IReadOnlyList<int> LookbackBars(string text)
    {
        if (text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)) return [];
        var bars = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int k))
                throw new Dl4mException($"--lookback-bars '{text}': expected none or whole numbers of bars separated by commas (e.g. 1,2,4,8)");
            bars.Add(k);
        }
        CategoricalEncoding.ValidateLookbackBars(bars, $"--lookback-bars '{text}'");
        return bars;
    }

    /// <summary>--val-every: "auto" (null: the automatic rule), "epoch" or 0 (each epoch), or N steps.</summary>
    internal static int? ValEvery(string text)
    {
        string t = text.Trim().ToLowerInvariant();
        if (t == "auto") return null;
        if (t == "epoch") return 0;
        if (int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int steps)) return steps;
        throw new Dl4mException($"--val-every '{text}': expected auto, epoch or a number of steps");
    }

    private static IReadOnlyList<int> Sizes(string text, string option, bool allowNone)
    {
        if (allowNone && text.Trim() is "none" or "") return [];
        var sizes = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int size) || size < 1)
                throw new Dl4mException($"{option} '{text}': sizes must be positive whole numbers separated by commas{(allowNone ? " (or 'none')" : "")}");
            sizes.Add(size);
        }
        return sizes;
    }

    private static int Run(InvocationConfiguration io, string dataDir, string outDir, TrainingOptions options, OutputPolicy policy, bool json)
    {
        using var trainer = Trainer.Open(dataDir, outDir, options, policy);
        var o = trainer.Options;
        var report = new TrainReport(io.Output);
        if (!json) report.PrintStart(trainer);
        bool live = LiveProgress.CanShow(json, io.Error);
        if (!json && !live) trainer.ValidationDone = row => io.Error.WriteLine(TrainReport.ProgressLine(trainer, row));
        using var interrupt = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; interrupt.Cancel(); };
        Console.CancelKeyPress += onCancel;
        TrainingResult result;
        try
        {
            result = LiveProgress.Run(live, io.Error, "train", () => TrainReport.Snapshot(trainer.Progress, o.Model), () => trainer.Run(interrupt.Token));
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            // The trainer has recorded "interrupted" in train.json; the summary describes the folder as it stands.
            if (trainer.Outcome is { } outcome)
            {
                if (json) report.PrintJson(trainer, outcome, null, outDir);
                else report.PrintEnd(trainer, outcome, null, outDir);
            }
            io.Error.WriteLine($"dl4m: interrupted: '{outDir}' holds the last checkpoint; continue with dl4m train {dataDir} --out {outDir} --resume");
            return Interrupted;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
        if (json) report.PrintJson(trainer, result.Outcome, result, outDir);
        else report.PrintEnd(trainer, result.Outcome, result, outDir);
        return 0;
    }
}
