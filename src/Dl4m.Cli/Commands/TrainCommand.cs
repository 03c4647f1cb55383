using System.CommandLine;
using System.Globalization;
using Dl4m.Cli.Progress;
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
        var defaults = new TrainingOptions();
        var data = new Argument<string>("data-dir") { Description = "Dataset folder written by dl4m prepare." };
        var output = new Option<string>("--out", "-o") { Description = "Model folder to write.", Required = true };
        var lookback = new Option<int>("--lookback") { Description = "Events per input window.", DefaultValueFactory = _ => defaults.Lookback };
        var hidden = new Option<string>("--hidden") { Description = "LSTM units: one size for every layer, or one per layer (e.g. 64,48).", DefaultValueFactory = _ => "48" };
        var layers = new Option<int>("--layers") { Description = "Number of stacked LSTM layers.", DefaultValueFactory = _ => defaults.LstmLayers };
        var dense = new Option<string>("--dense") { Description = "Units of the relu Dense layers before the Dense(3) output, comma-separated, or 'none'.", DefaultValueFactory = _ => "24" };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training windows.", DefaultValueFactory = _ => defaults.Epochs };
        var batch = new Option<int>("--batch") { Description = "Windows per training step.", DefaultValueFactory = _ => defaults.Batch };
        var lr = new Option<double>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => defaults.LearningRate };
        var clip = new Option<double>("--clip") { Description = "Clip the global gradient norm to this value (0: off).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the weights and the window order.", DefaultValueFactory = _ => 0 };
        var threads = CommonOptions.Threads();
        var mode = new Option<string>("--mode") { Description = "many-to-one (the original) or many-to-many.", DefaultValueFactory = _ => "many-to-one" };
        mode.AcceptOnlyFromAmong("many-to-one", "many-to-many");
        var loss = new Option<string>("--loss") { Description = "note (note loss + 0.2·(MSE velocity + MSE Δt)) or mse.", DefaultValueFactory = _ => "note" };
        loss.AcceptOnlyFromAmong("note", "mse");
        var warmup = new Option<int>("--warmup-epochs") { Description = "Epochs of plain MSE before the note loss takes over (--loss note only).", DefaultValueFactory = _ => defaults.WarmupEpochs };
        var valEvery = new Option<int>("--val-every") { Description = "Validate and checkpoint every N steps (0: each epoch).", DefaultValueFactory = _ => 0 };
        var patience = new Option<int>("--patience") { Description = "Stop after N validations without improvement (0: never).", DefaultValueFactory = _ => 0 };
        var maxWindows = new Option<int>("--max-windows") { Description = "Use at most N windows per split, for quick runs (0: all).", DefaultValueFactory = _ => 0 };
        var maxSongs = new Option<int>("--max-songs") { Description = "Use at most N songs per split, for quick runs (0: all).", DefaultValueFactory = _ => 0 };
        var resume = new Option<bool>("--resume") { Description = "Continue from the model folder's last checkpoint (its stored options; --epochs, --patience, --val-every, --threads may change)." };
        var force = new Option<bool>("--force") { Description = "Replace the model folder if it exists and is not empty." };
        var json = CommonOptions.Json();
        var command = new Command("train", "Train a model on a prepared dataset.")
        {
            data, output, lookback, hidden, layers, dense, epochs, batch, lr, clip, seed, threads, mode, loss, warmup, valEvery, patience,
            maxWindows, maxSongs, resume, force, json,
        };
        command.SetAction(parse =>
        {
            bool isResume = parse.GetValue(resume);
            if (isResume && parse.GetValue(force)) throw new Dl4mException("--resume and --force cannot be combined");
            string outDir = parse.GetValue(output)!;
            TrainingOptions options;
            if (isResume)
            {
                Option[] fixedOptions = [lookback, hidden, layers, dense, batch, lr, clip, seed, mode, loss, warmup, maxWindows, maxSongs];
                var changed = fixedOptions.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false });
                if (changed is not null)
                    throw new Dl4mException($"{changed.Name} cannot change on --resume: the run continues with the options in {Path.Combine(outDir, Trainer.RecordFileName)}");
                if (!Directory.Exists(outDir)) throw new Dl4mException($"cannot resume: model folder '{outDir}' does not exist");
                var stored = Trainer.ReadRecord(outDir).Options;
                options = stored with
                {
                    Epochs = Given(epochs) ? parse.GetValue(epochs) : stored.Epochs,
                    Patience = Given(patience) ? parse.GetValue(patience) : stored.Patience,
                    ValidateEvery = Given(valEvery) ? parse.GetValue(valEvery) : stored.ValidateEvery,
                    Threads = Given(threads) ? parse.GetValue(threads) : stored.Threads,
                };
            }
            else
            {
                options = new TrainingOptions
                {
                    Lookback = parse.GetValue(lookback),
                    Hidden = Sizes(parse.GetValue(hidden)!, "--hidden", allowNone: false),
                    LstmLayers = parse.GetValue(layers),
                    Dense = Sizes(parse.GetValue(dense)!, "--dense", allowNone: true),
                    Epochs = parse.GetValue(epochs),
                    Batch = parse.GetValue(batch),
                    LearningRate = parse.GetValue(lr),
                    Clip = parse.GetValue(clip),
                    Seed = parse.GetValue(seed),
                    Threads = parse.GetValue(threads),
                    Mode = parse.GetValue(mode) == "many-to-many" ? TrainingMode.ManyToMany : TrainingMode.ManyToOne,
                    Loss = parse.GetValue(loss) == "mse" ? LossKind.Mse : LossKind.Note,
                    WarmupEpochs = parse.GetValue(warmup),
                    ValidateEvery = parse.GetValue(valEvery),
                    Patience = parse.GetValue(patience),
                    MaxWindows = parse.GetValue(maxWindows),
                    MaxSongs = parse.GetValue(maxSongs),
                };
            }
            var policy = isResume ? OutputPolicy.Resume : parse.GetValue(force) ? OutputPolicy.Force : OutputPolicy.New;
            return Run(parse.GetValue(data)!, outDir, options, policy, parse.GetValue(json));

            bool Given(Option option) => parse.GetResult(option) is { Implicit: false };
        });
        return command;
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

    private static int Run(string dataDir, string outDir, TrainingOptions options, OutputPolicy policy, bool json)
    {
        using var trainer = Trainer.Open(dataDir, outDir, options, policy);
        var o = trainer.Options;
        if (!json) PrintStart(trainer, outDir);
        bool live = LiveProgress.CanShow(json);
        if (!json && !live)
            trainer.ValidationDone = row => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"epoch {row.Epoch}/{o.Epochs} step {row.Step:N0}: train {row.Train.Total:0.0000}, validation {row.Validation.Total:0.0000} (note {row.Validation.Note:0.0000}, accuracy {row.Validation.NoteAccuracy:P1}), {row.WindowsPerSecond:N0} windows/s"));
        using var interrupt = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; interrupt.Cancel(); };
        Console.CancelKeyPress += onCancel;
        TrainingResult result;
        try
        {
            result = LiveProgress.Run(live, "train", () => Snapshot(trainer.Progress), () => trainer.Run(interrupt.Token));
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            Console.Error.WriteLine($"dl4m: interrupted: '{outDir}' holds the last checkpoint; continue with dl4m train {dataDir} --out {outDir} --resume");
            return Interrupted;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
        if (json) PrintJson(trainer, result, outDir);
        else PrintEnd(trainer, result, outDir);
        return 0;
    }

    private static LiveProgress.Snapshot Snapshot(TrainingProgress p)
    {
        string eta = double.IsFinite(p.SecondsLeft) ? TimeSpan.FromSeconds(Math.Round(p.SecondsLeft)).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : "?";
        static string Loss(double value) => double.IsFinite(value) ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "–";
        return new(p.Step, p.TotalSteps, string.Create(CultureInfo.InvariantCulture,
            $"epoch {p.Epoch}/{p.Epochs} · train {Loss(p.TrainLoss)} · val {Loss(p.ValidationLoss)} · {p.WindowsPerSecond:N0} windows/s · ETA {eta}"));
    }

    private static void PrintStart(Trainer trainer, string outDir)
    {
        var o = trainer.Options;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dl4m train: {trainer.Record.Model} ({trainer.Record.Parameters:N0} parameters), {(o.Mode == TrainingMode.ManyToOne ? "many-to-one" : "many-to-many")}, lookback {o.Lookback}, {trainer.Loss.Name} loss"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"data: {trainer.TrainWindows.Count:N0} training windows from {trainer.TrainWindows.Songs:N0} songs, {trainer.ValidationWindows.Count:N0} validation windows from {trainer.ValidationWindows.Songs:N0} songs"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Adam lr {o.LearningRate}, batch {o.Batch}, {o.Epochs} epochs, seed {o.Seed}, {o.Threads} threads{(trainer.State.Step > 0 ? $"; resuming at epoch {trainer.State.Epoch + 1}, step {trainer.State.Step:N0}" : "")}"));
        Console.WriteLine("validation baselines:");
        PrintTable(trainer.Baselines.Select(b => (b.Name, b.Loss)));
    }

    private static void PrintEnd(Trainer trainer, TrainingResult result, string outDir)
    {
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trained {result.Seconds:F1} s, {result.WindowsPerSecond:N0} windows/s{(result.StoppedEarly ? ", stopped early (patience)" : "")}"));
        if (result.Best is null)
        {
            Console.WriteLine("no validation point yet");
            return;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"validation, best at epoch {result.Best.Epoch} (step {result.Best.Step:N0}) vs baselines:"));
        PrintTable([("model (best)", result.Best.Validation), .. trainer.Baselines.Select(b => (b.Name, b.Loss))]);
        Console.WriteLine($"model folder: {Path.GetFullPath(outDir)}");
    }

    private static void PrintTable(IEnumerable<(string Name, LossSummary Loss)> rows)
    {
        Console.WriteLine("  what                     total       note   velocity    delta_t   note accuracy");
        foreach (var (name, l) in rows)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-22} {l.Total,8:0.0000} {l.Note,10:0.0000} {l.Velocity,10:0.0000} {l.DeltaTime,10:0.0000} {l.NoteAccuracy,14:P2}"));
    }

    private static void PrintJson(Trainer trainer, TrainingResult result, string outDir) => JsonOutput.Print(new
    {
        Command = "train",
        ModelFolder = Path.GetFullPath(outDir),
        trainer.Record.Model,
        trainer.Record.Parameters,
        Loss = trainer.Loss.Name,
        Lookback = trainer.Options.Lookback,
        TrainWindows = trainer.TrainWindows.Count,
        ValidationWindows = trainer.ValidationWindows.Count,
        Baselines = trainer.Baselines.Select(b => new { b.Name, b.Loss }),
        Best = result.Best,
        Epochs = result.History.Count == 0 ? 0 : result.History[^1].Epoch,
        result.StoppedEarly,
        WindowsPerS = Math.Round(result.WindowsPerSecond, 1),
        Seconds = Math.Round(result.Seconds, 2),
    });
}
