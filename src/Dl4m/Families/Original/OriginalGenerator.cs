using System.Diagnostics;
using System.Reflection;
using Dl4m.Data;
using Dl4m.Generation;
using Dl4m.Music;
using Dl4m.Nn;
using Dl4m.Training;
using Dl4m.Training.Losses;

namespace Dl4m.Families.Original;

/// <summary>
/// Writes new events with a trained model: primes it with look-back events, predicts the next event, feeds it
/// back, repeats. One generator is not thread-safe (its model's step buffers are shared); for songs in parallel
/// load one generator per thread.
/// </summary>
public sealed class OriginalGenerator : IDisposable
{
    private const int Features = 3;
    private readonly NoteLoss _noteLoss;

    /// <summary>Wraps a model and the normalisation it was trained with.</summary>
    /// <param name="model">A model with 3 inputs and 3 outputs (note, velocity, Δtime as z-scores).</param>
    /// <param name="scaling">The normalisation of train.json.</param>
    /// <param name="lookback">Events per training window.</param>
    /// <param name="noise">Noise of sample mode (null: <see cref="ResidualNoise.Fallback"/>).</param>
    /// <param name="noteLoss">Shape of the note distribution (null: <see cref="NoteLoss.Default"/>, the training loss).</param>
    public OriginalGenerator(Model model, FeatureScaling scaling, int lookback, ResidualNoise? noise = null, NoteLoss? noteLoss = null)
    {
        if (model.InputSize != Features || model.OutputSize != Features)
            throw new Dl4mException($"model has {model.InputSize} inputs and {model.OutputSize} outputs; generation needs 3 and 3 (note, velocity, Δtime)");
        if (lookback < 1) throw new Dl4mException($"look-back {lookback} must be at least 1");
        Model = model;
        Scaling = scaling;
        Lookback = lookback;
        Noise = noise ?? ResidualNoise.Fallback(scaling);
        _noteLoss = noteLoss ?? NoteLoss.Default;
    }

    /// <summary>The model (owned: disposed with the generator).</summary>
    public Model Model { get; }

    /// <summary>The features' normalisation.</summary>
    public FeatureScaling Scaling { get; }

    /// <summary>Events per primer and per sliding window.</summary>
    public int Lookback { get; }

    /// <summary>Noise of sample mode.</summary>
    public ResidualNoise Noise { get; set; }

    private static string Version =>
        typeof(OriginalGenerator).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>
    /// Loads a model folder written by <c>dl4m train</c> (config.json, model.safetensors, train.json).
    /// </summary>
    /// <exception cref="Dl4mException">The folder or one of its files is missing, unreadable, or from an incompatible version.</exception>
    public static OriginalGenerator Load(string modelFolder, out TrainRecord record)
    {
        if (!Directory.Exists(modelFolder)) throw new Dl4mException($"model folder '{modelFolder}' does not exist");
        foreach (string file in new[] { ModelStore.ConfigFileName, ModelStore.WeightsFileName, Trainer.RecordFileName })
            if (!File.Exists(Path.Combine(modelFolder, file)))
                throw new Dl4mException($"model folder '{modelFolder}' has no {file}: not a folder written by dl4m train (or training never reached a checkpoint)");
        try
        {
            record = Trainer.ReadRecord(modelFolder);
        }
        catch (Exception e)
        {
            // the usual cause is a folder written by another dl4m version: say so, with the reader's own reason
            throw new Dl4mException($"model folder '{modelFolder}' cannot be used by dl4m {Version} (retrain it, or use the dl4m version that wrote it): {e.Message}", e);
        }
        if (record.Normalization is null || record.Options is null)
            throw new Dl4mException($"{Path.Combine(modelFolder, Trainer.RecordFileName)} lacks normalisation or options: written by another dl4m version");
        Model model;
        try
        {
            model = ModelStore.Load(modelFolder);
        }
        catch (Exception e)
        {
            throw new Dl4mException($"model folder '{modelFolder}' cannot be used by dl4m {Version} (retrain it, or use the dl4m version that wrote it): {e.Message}", e);
        }
        try
        {
            return new OriginalGenerator(model, record.Normalization, record.Options.Lookback);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Generates one song after <paramref name="primer"/>. A primer shorter than <see cref="Lookback"/> is padded
    /// in front by repeating its first event (an empty primer is refused); a longer one is cut to its first
    /// <see cref="Lookback"/> events.
    /// </summary>
    /// <exception cref="Dl4mException">Invalid options or an empty primer.</exception>
    public GeneratedSong Generate(ReadOnlySpan<EventRecord> primer, GenerationOptions options)
    {
        options.Validate();
        if (options.TopK != 0 || options.TopP != 1 || options.Beam != 0)
            throw new Dl4mException("GenerationOptions.TopK, GenerationOptions.TopP and GenerationOptions.Beam apply to categorical models only (an original model predicts one note value, not classes)");
        if (primer.IsEmpty) throw new Dl4mException("the primer has no note events");
        var durationRule = options.Duration ?? DurationRule.Legato;
        double temperature = options.TemperatureFor(categorical: false);
        if (durationRule.Kind == DurationKind.Corpus && !(durationRule.Seconds > 0))
            throw new Dl4mException("GenerationOptions.Duration corpus: the corpus median is not known (resolve it with CorpusDuration.Median)", "GenerationOptions.Duration");
        int padded = Math.Max(0, Lookback - primer.Length);
        var window = new EventRecord[Lookback]; // ring of the last look-back events, oldest first at `head`
        for (int i = 0; i < Lookback; i++) window[i] = i < padded ? primer[0] : primer[i - padded];
        if (padded > 0) window[padded].DeltaSeconds = primer[0].DeltaSeconds; // keep the primer's own timing
        var random = new Random(options.Seed);
        int limit = options.Seconds is null ? options.Notes : GenerationOptions.MaxNotes;
        var onsets = new List<(int Note, int Velocity, double Start)>(options.Seconds is null ? limit : 1024); // sized once: no regrowth inside the timed loop
        bool round = options.Mode == GenerationMode.Round || temperature == 0;

        var state = Model.CreateState();
        Span<float> input = stackalloc float[Features];
        Span<float> output = stackalloc float[Features];
        // One throwaway step on a scratch state first: it makes the JIT compile the engine's kernels (a one-time
        // cost of ~12 ms per process for the AVX-512 paths, which ReadyToRun cannot precompile), so the clock
        // below measures generating, not compiling. It leaves this song's state and random draws untouched.
        Model.Step(Model.CreateState(), input, output);
        var clock = Stopwatch.StartNew();
        double[] weights = round ? [] : NoteWeights(temperature); // timed: part of generating this song
        if (options.Context == ContextMode.Stateful)
            foreach (var e in window) Step(e, input, output);
        int head = 0;
        double time = 0;
        while (onsets.Count < limit)
        {
            options.Cancellation.ThrowIfCancellationRequested();
            if (options.Context == ContextMode.Window)
            {
                state.Reset();
                for (int i = 0; i < Lookback; i++) Step(window[(head + i) % Lookback], input, output);
            }
            var next = Decide(output, options, round, random, weights);
            if (onsets.Count > 0) time += next.DeltaSeconds; // the first generated note starts the song at 0
            if (options.Seconds is { } s && time >= s) break;
            onsets.Add(((int)next.Note, (int)next.Velocity, time));
            window[head] = next;
            head = (head + 1) % Lookback;
            if (options.Context == ContextMode.Stateful) Step(next, input, output);
        }
        clock.Stop();
        return new GeneratedSong(durationRule.Apply(onsets), clock.Elapsed.TotalMilliseconds, primer.Length, padded);

        void Step(in EventRecord e, Span<float> x, Span<float> y)
        {
            Scaling.Normalise(e, x);
            Model.Step(state, x, y);
        }
    }

    private EventRecord Decide(ReadOnlySpan<float> output, GenerationOptions options, bool round, Random random, double[] weights)
    {
        double note = Scaling.NoteFromNormalised(output[0]);
        double velocity = output[1] * Scaling.VelocityStd + Scaling.VelocityMean;
        double delta = output[2] * Scaling.DeltaSecondsStd + Scaling.DeltaSecondsMean;
        int chosen;
        if (round || !double.IsFinite(note))
        {
            chosen = double.IsFinite(note) ? (int)Math.Clamp(Math.Round(note), options.LowNote, options.HighNote) : options.LowNote;
        }
        else
        {
            chosen = SampleNote(note, options, random, weights);
            var (g1, g2) = GaussianPair(random);
            velocity += Noise.Velocity * g1;
            delta += Noise.DeltaSeconds * g2;
        }
        return new EventRecord
        {
            Note = chosen,
            Velocity = double.IsFinite(velocity) ? (float)Math.Clamp(Math.Round(velocity), 1, 127) : 64,
            DeltaSeconds = double.IsFinite(delta) ? (float)Math.Clamp(delta, 0, 60) : 0,
        };
    }

    /// <summary>Widest jump sample mode draws from, in semitones either side of the prediction.</summary>
    public const int SampleSpan = 24;

    /// <summary>Resolution of the precomputed note weights: the prediction is quantised to 1/64 semitone (the note loss's own table step).</summary>
    private const int Fractions = 64;

    /// <summary>
    /// Running sums of exp(−NoteLoss(k − q/64)/T) for q = 0…63 (the prediction's fraction above its floor) and
    /// k = −Span…Span+1 (candidate note minus that floor), each row's weights scaled so the largest is 1. Computed
    /// once per song, so a draw is a binary search in one row instead of note-loss evaluations.
    /// </summary>
    private double[] NoteWeights(double temperature)
    {
        const int width = 2 * SampleSpan + 2;
        var table = new double[Fractions * width];
        for (int q = 0; q < Fractions; q++)
        {
            var row = table.AsSpan(q * width, width);
            double best = double.PositiveInfinity;
            for (int k = 0; k < width; k++) best = Math.Min(best, row[k] = _noteLoss.Value(k - SampleSpan - q / (double)Fractions));
            double sum = 0;
            for (int k = 0; k < width; k++) row[k] = sum += Math.Exp(-(row[k] - best) / temperature);
        }
        return table;
    }

    /// <summary>
    /// Draws n with p(n) ∝ exp(−NoteLoss(n − prediction)/T) over the allowed notes within <see cref="SampleSpan"/>
    /// semitones of the prediction (the note loss is nearly flat across octaves, so without the span a song
    /// would wander over the whole keyboard). A prediction farther than the span from the allowed range is clamped.
    /// </summary>
    private static int SampleNote(double predicted, GenerationOptions options, Random random, double[] weights)
    {
        const int width = 2 * SampleSpan + 2;
        double floor = Math.Floor(predicted);
        int q = (int)Math.Round((predicted - floor) * Fractions);
        if (q == Fractions) (floor, q) = (floor + 1, 0);
        if (floor - SampleSpan > options.HighNote || floor + SampleSpan + 1 < options.LowNote)
            return (int)Math.Clamp(Math.Round(predicted), options.LowNote, options.HighNote);
        int baseNote = (int)floor - SampleSpan; // note of column 0
        int from = Math.Max(0, options.LowNote - baseNote), to = Math.Min(width - 1, options.HighNote - baseNote);
        var cumulative = weights.AsSpan(q * width, width);
        double below = from > 0 ? cumulative[from - 1] : 0;
        double u = below + random.NextDouble() * (cumulative[to] - below);
        // The first allowed k whose running sum reaches u: note k is drawn with probability weight(k) / total.
        int lo = from, hi = to;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (cumulative[mid] < u) lo = mid + 1;
            else hi = mid;
        }
        return baseNote + lo;
    }

    /// <summary>Two independent standard normal draws from one Box–Muller transform.</summary>
    private static (double, double) GaussianPair(Random random)
    {
        double u1 = 1.0 - random.NextDouble(); // (0, 1]: log is finite
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        var (sin, cos) = Math.SinCos(2.0 * Math.PI * random.NextDouble());
        return (radius * cos, radius * sin);
    }

    /// <summary>Disposes the model.</summary>
    public void Dispose() => Model.Dispose();
}
