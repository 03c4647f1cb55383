using System.Globalization;
using Dl4m.Categorical;
using Dl4m.Cli.Progress;
using Dl4m.Families;
using Dl4m.Families.Categorical;
using Dl4m.Training;

namespace Dl4m.Cli.Commands;

/// <summary>What `dl4m train` prints: the start (model, data, baselines), progress, the end (best vs baselines) and --json.</summary>
internal sealed class TrainReport(TextWriter stdout)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static bool IsCategorical(Trainer trainer) => trainer.Options.Model == ModelKind.Categorical;

    public static LiveProgress.Snapshot Snapshot(TrainingProgress p, ModelKind model)
    {
        string eta = double.IsFinite(p.SecondsLeft) ? TimeSpan.FromSeconds(Math.Round(p.SecondsLeft)).ToString(@"h\:mm\:ss", Inv) : "?";
        string best = p.BestEpoch == 0 ? ""
            : string.Create(Inv, $" · best {Number(model == ModelKind.Categorical ? p.BestValidationNoteNll : p.BestValidationLoss)} (epoch {p.BestEpoch})");
        string validation = model == ModelKind.Categorical
            ? string.Create(Inv, $"val NLL {Number(p.ValidationNoteNll)}/note, accuracy {Percent(p.ValidationAccuracy)}{best}")
            : string.Create(Inv, $"val {Number(p.ValidationLoss)}{best}");
        return new(p.Step, p.TotalSteps, string.Create(Inv,
            $"epoch {p.Epoch}/{p.Epochs} · train {Number(p.TrainLoss)} · {validation} · {p.WindowsPerSecond:N0} windows/s · ETA ≤ {eta}"));
    }

    /// <summary>One plain line per validation point (when stderr is not a terminal).</summary>
    public static string ProgressLine(Trainer trainer, HistoryRow row)
    {
        var v = row.Validation;
        string detail = IsCategorical(trainer)
            ? string.Create(Inv, $"NLL {v.NoteNll:0.0000}/note, accuracy {v.NoteAccuracy:P1}")
            : string.Create(Inv, $"note {v.Note:0.0000}, accuracy {v.NoteAccuracy:P1}");
        var p = trainer.Progress;
        string best = row.Best
            ? "new best"
            : IsCategorical(trainer)
                ? string.Create(Inv, $"best NLL {p.BestValidationNoteNll:0.0000} at epoch {p.BestEpoch}")
                : string.Create(Inv, $"best {p.BestValidationLoss:0.0000} at epoch {p.BestEpoch}");
        // A new best by less than --min-delta keeps the weights but not the patience counter: show the counter then too.
        string patience = trainer.Options.Patience > 0 && row.WithoutImprovement > 0 ? string.Create(Inv, $", patience {row.WithoutImprovement}/{trainer.Options.Patience}") : "";
        return string.Create(Inv,
            $"epoch {row.Epoch}/{trainer.Options.Epochs} step {row.Step:N0}: train {row.Train.Total:0.0000}, validation {v.Total:0.0000} ({detail}), {best}{patience}, {row.WindowsPerSecond:N0} windows/s");
    }

    /// <summary>The budget in one line: epochs, patience, time, validation cadence and sample.</summary>
    public static string BudgetLine(Trainer trainer)
    {
        var o = trainer.Options;
        string patience = o.Patience > 0 ? string.Create(Inv, $"patience {o.Patience} validations (min-delta {o.MinDelta})") : "no early stopping";
        string time = o.TimeLimitSeconds > 0 ? $"time {TimeBudget.Format(o.TimeLimitSeconds)}" : "no time limit";
        return string.Create(Inv, $"budget: at most {o.Epochs} epochs, {patience}, {time}; validation {trainer.Record.ValidationCadence}{SampleText(trainer.ValidationSample)}");
    }

    private static string SampleText(ValidationSample? sample) => sample is { IsSubset: true }
        ? string.Create(Inv, $" on a fixed subset: {sample.Songs:N0} of {sample.SplitSongs:N0} songs, {sample.Events:N0} of {sample.SplitEvents:N0} events")
        : "";

    /// <summary>The summary line: the chosen point, how far training went and why it stopped.</summary>
    public static string OutcomeLine(Trainer trainer, TrainingOutcome outcome)
    {
        string best = outcome.BestEpoch == 0
            ? "no validation point yet"
            : IsCategorical(trainer)
                ? string.Create(Inv, $"best epoch {outcome.BestEpoch} (step {outcome.BestStep:N0}), validation NLL {outcome.BestValidationNllPerNote:0.0000}/note")
                : string.Create(Inv, $"best epoch {outcome.BestEpoch} (step {outcome.BestStep:N0}), validation loss {outcome.BestValidationLoss:0.0000}");
        return string.Create(Inv,
            $"{best}; {outcome.EpochsRun:0.###} epochs run in {TimeBudget.Format(Math.Round(outcome.WallSeconds))}; stopped: {StopName(outcome.StopReason)} ({outcome.StopDetail})");
    }

    /// <summary>The stop reason as JSON and train.json spell it: patience, max-epochs, time, interrupted.</summary>
    public static string StopName(StopReason reason) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(reason.ToString());

    public void PrintStart(Trainer trainer)
    {
        var o = trainer.Options;
        string mode = (o.Family as ILstmOptions)?.Mode == TrainingMode.ManyToOne ? "many-to-one" : "many-to-many";
        if (trainer.Encoding is { } e)
        {
            stdout.WriteLine(string.Create(Inv,
                $"dl4m train: {trainer.Record.Model} ({trainer.Record.Parameters:N0} parameters), categorical, {mode}, lookback {o.Lookback}, stride {o.EffectiveStride}, state {((o.Family as CategoricalOptions)?.State == StateMode.Carry ? "carried through songs" : "reset per window")}"));
            stdout.WriteLine($"encoding: {EncodingLine(e)}");
            stdout.WriteLine(string.Create(Inv,
                $"loss: note cross-entropy, smoothing {(o.Family as CategoricalTokenOptions)?.Smoothing} (τ {(o.Family as CategoricalTokenOptions)?.SmoothingTemperature}) + velocity + Δtime + duration; augment {(o.AugmentTranspose > 0 ? $"transpose:±{o.AugmentTranspose}" : "none")}"));
        }
        else
        {
            stdout.WriteLine(string.Create(Inv,
                $"dl4m train: {trainer.Record.Model} ({trainer.Record.Parameters:N0} parameters), {mode}, lookback {o.Lookback}, {trainer.LossName} loss"));
        }
        stdout.WriteLine(string.Create(Inv,
            $"data: {trainer.TrainWindows.Windows:N0} training windows from {trainer.TrainWindows.Songs:N0} songs, {trainer.ValidationWindows.Windows:N0} validation windows from {trainer.ValidationWindows.Songs:N0} songs"));
        stdout.WriteLine(string.Create(Inv,
            $"Adam lr {o.LearningRate}, batch {o.Batch}, seed {o.Seed}, {o.Threads} threads{(trainer.State.Step > 0 ? $"; resuming at epoch {trainer.State.Epoch + 1}, step {trainer.State.Step:N0}" : "")}"));
        stdout.WriteLine(BudgetLine(trainer));
        stdout.WriteLine("validation baselines:");
        PrintTable(trainer, trainer.Baselines.Select(b => (b.Name, b.Loss)));
    }

    /// <summary>The encoding in one line: heads, sizes, labels, key normalisation.</summary>
    public static string EncodingLine(CategoricalEncoding e) => string.Create(Inv,
        $"{(e.Notes == NoteTarget.Pitch ? "pitch" : $"interval ±{e.IntervalRange}")} notes ({e.NoteClasses} classes), velocity {Head(e.Velocity, e.VelocityBins)}, " +
        $"timing {Head(e.Timing, e.Delta.Count)}, input {e.InputSize}, output {e.OutputSize}, " +
        $"labels {(e.Labels.Count == 0 ? "none" : string.Join("|", e.Labels))}{(e.NormalizeKey ? ", keys normalised to C major / A minor" : "")}");

    private static string Head(HeadKind kind, int bins) => kind == HeadKind.Classes ? $"{bins} classes" : "regression";

    /// <summary>The end summary; <paramref name="result"/> is null for an interrupted run (no session figures).</summary>
    public void PrintEnd(Trainer trainer, TrainingOutcome outcome, TrainingResult? result, string outDir)
    {
        stdout.WriteLine();
        if (result is not null)
            stdout.WriteLine(string.Create(Inv, $"trained {result.Seconds:F1} s this session, {result.WindowsPerSecond:N0} windows/s"));
        stdout.WriteLine(OutcomeLine(trainer, outcome));
        var best = trainer.State.History.LastOrDefault(r => r.Step == outcome.BestStep && outcome.BestEpoch > 0);
        if (best is null) return;
        stdout.WriteLine(string.Create(Inv, $"validation, best at epoch {best.Epoch} (step {best.Step:N0}) vs baselines:"));
        PrintTable(trainer, [("model (best)", best.Validation), .. trainer.Baselines.Select(b => (b.Name, b.Loss))]);
        stdout.WriteLine($"model folder: {Path.GetFullPath(outDir)}");
    }

    private void PrintTable(Trainer trainer, IEnumerable<(string Name, LossSummary Loss)> rows)
    {
        if (IsCategorical(trainer))
        {
            stdout.WriteLine("  what                     total   NLL/note    note_ce   velocity    delta_t   duration   note accuracy");
            foreach (var (name, l) in rows)
                stdout.WriteLine(string.Create(Inv,
                    $"  {name,-22} {l.Total,8:0.0000} {l.NoteNll ?? double.NaN,10:0.0000} {l.Note,10:0.0000} {l.Velocity,10:0.0000} {l.DeltaTime,10:0.0000} {l.Duration ?? double.NaN,10:0.0000} {l.NoteAccuracy,15:P2}"));
            return;
        }
        stdout.WriteLine("  what                     total       note   velocity    delta_t   note accuracy");
        foreach (var (name, l) in rows)
            stdout.WriteLine(string.Create(Inv,
                $"  {name,-22} {l.Total,8:0.0000} {l.Note,10:0.0000} {l.Velocity,10:0.0000} {l.DeltaTime,10:0.0000} {l.NoteAccuracy,14:P2}"));
    }

    /// <summary>The one --json object; <paramref name="result"/> is null for an interrupted run.</summary>
    public void PrintJson(Trainer trainer, TrainingOutcome outcome, TrainingResult? result, string outDir)
    {
        var o = trainer.Options;
        var e = trainer.Encoding;
        var history = trainer.State.History;
        var best = history.LastOrDefault(r => r.Step == outcome.BestStep && outcome.BestEpoch > 0);
        JsonOutput.Print(stdout, new
        {
            Command = "train",
            ModelFolder = Path.GetFullPath(outDir),
            ModelKind = Dl4m.Families.ModelFamilies.Of(o.Model).Name,
            trainer.Record.Model,
            trainer.Record.Parameters,
            Loss = trainer.LossName,
            Lookback = o.Lookback,
            Stride = e is null ? (int?)null : o.EffectiveStride,
            State = e is null ? null : (o.Family as CategoricalOptions)?.State == StateMode.Carry ? "carry" : "reset",
            Augment = e is null ? null : o.AugmentTranspose > 0 ? $"transpose:{o.AugmentTranspose}" : "none",
            Smoothing = e is null ? null : (o.Family as CategoricalTokenOptions)?.Smoothing,
            Encoding = e is null ? null : new
            {
                Notes = e.Notes == NoteTarget.Pitch ? "pitch" : "interval",
                e.NoteClasses,
                Velocity = e.Velocity == HeadKind.Classes ? "classes" : "regression",
                Timing = e.Timing == HeadKind.Classes ? "classes" : "regression",
                e.InputSize,
                e.OutputSize,
                e.Labels,
                e.NormalizeKey,
            },
            TrainWindows = trainer.TrainWindows.Windows,
            ValidationWindows = trainer.ValidationWindows.Windows,
            Baselines = trainer.Baselines.Select(b => new { b.Name, b.Loss }),
            ValidationSample = trainer.ValidationSample,
            trainer.ValidationEverySteps,
            ValidationCadence = trainer.Record.ValidationCadence,
            MaxEpochs = o.Epochs,
            o.Patience,
            o.MinDelta,
            TimeLimitS = o.TimeLimitSeconds > 0 ? o.TimeLimitSeconds : (double?)null,
            Best = best,
            ValNllPerNote = e is null ? null : best?.Validation.NoteNll,
            ValNoteAccuracy = e is null ? (double?)null : best?.Validation.NoteAccuracy,
            BestEpoch = outcome.BestEpoch,
            BestStep = outcome.BestStep,
            Epochs = history.Count == 0 ? 0 : history[^1].Epoch,
            outcome.EpochsRun,
            outcome.Validations,
            StopReason = StopName(outcome.StopReason),
            outcome.StopDetail,
            StoppedEarly = outcome.StopReason == StopReason.Patience,
            WallS = outcome.WallSeconds,
            WindowsPerS = result is null ? (double?)null : Math.Round(result.WindowsPerSecond, 1),
            Seconds = result is null ? (double?)null : Math.Round(result.Seconds, 2),
        });
    }

    private static string Number(double value) => double.IsFinite(value) ? value.ToString("0.0000", Inv) : "–";

    private static string Percent(double value) => double.IsFinite(value) ? value.ToString("P1", Inv) : "–";
}
