using System.Diagnostics;
using Dl4m.Categorical;
using Dl4m.Families;
using Dl4m.Families.Categorical;
using Dl4m.Nn;
using Dl4m.Training;
using Dl4m.Training.Losses;

namespace Dl4m.Cli.Benchmarking;

/// <summary>
/// Times training steps of the categorical model as `dl4m train --model categorical` runs them: many-to-many,
/// LSTM(H) → Dense(OutputSize) logits, one-hot input rows of <see cref="Encoding"/>, compact 4-float targets,
/// <see cref="CategoricalLoss"/> with the CLI's default smoothing, Adam. Random events, fixed seed; warm-up as
/// <see cref="TrainingBenchmark"/>.
/// </summary>
internal static class CategoricalTrainingBenchmark
{
    /// <summary>ε of the benchmark's loss: the CLI default of --smoothing.</summary>
    public const double Smoothing = 0.1;

    /// <summary>
    /// The default layout: 128 pitches, 16 velocity bins, 40 Δtime and 40 duration classes of the beat grid, 96 bar
    /// positions, 3 labels (input 323, output 224).
    /// </summary>
    public static CategoricalEncoding Encoding { get; } = new()
    {
        Delta = BeatGrid.Delta,
        Duration = BeatGrid.Duration,
        Labels = ["label 1", "label 2", "label 3"],
    };

    /// <summary>The lookback inputs of `bench train --model categorical --lookback-inputs`, by name.</summary>
    public static readonly string[] LookbackInputs = ["none", "pitch", "copy", "match"];

    /// <summary>
    /// The encoding of lookback inputs <paramref name="lookback"/>: <see cref="Encoding"/> without any ("none", input 323),
    /// with the pitch suggestions of 1, 2, 4, 8 bars back (lookback version 1, "pitch", input 835), or with whole-event
    /// suggestions read by a copy layer and the LSTM (version 2, "copy", input 1,219), or read by the copy layer alone with
    /// match flags for the LSTM (version 3, "match", input 1,239 of which the LSTM reads 343).
    /// </summary>
    public static CategoricalEncoding EncodingOf(string lookback) => lookback switch
    {
        "none" => Encoding,
        "pitch" => Encoding with { LookbackBars = CategoricalEncoding.DefaultLookbackBars, LookbackVersion = CategoricalEncoding.PitchLookback },
        "copy" => Encoding with { LookbackBars = CategoricalEncoding.DefaultLookbackBars, LookbackVersion = CategoricalEncoding.EventLookback },
        "match" => Encoding with { LookbackBars = CategoricalEncoding.DefaultLookbackBars, LookbackVersion = CategoricalEncoding.MatchedEventLookback },
        _ => throw new ArgumentOutOfRangeException(nameof(lookback), lookback, "none, pitch, copy or match"),
    };

    /// <summary>LSTM(<paramref name="hidden"/>, every step) → Dense(OutputSize) on the encoding.</summary>
    public static ModelConfig Config(int hidden) => Config(hidden, Encoding);

    /// <summary>
    /// LSTM(<paramref name="hidden"/>, every step) → Dense(OutputSize [+ gates]) [→ Copy]: the network training builds for
    /// <paramref name="encoding"/> under the categorical defaults (<see cref="CategoricalFamily.Network"/>), with that hidden size.
    /// </summary>
    public static ModelConfig Config(int hidden, CategoricalEncoding encoding) =>
        CategoricalFamily.Network(ModelFamilies.Of(ModelKind.Categorical).Defaults.WithFamily<CategoricalOptions>(c => c with { Hidden = [hidden] }), encoding);

    /// <summary>A random event: Δ up to 1½ beats, duration up to 2 beats, anywhere in a 4/4 bar.</summary>
    private static CategoricalEvent RandomEvent(Random random) =>
        new(random.Next(36, 96), random.Next(1, 128), random.Next(0, 19), random.Next(1, 25), random.Next(0, 48));

    /// <summary>
    /// Times <paramref name="steps"/> training steps; with <paramref name="carryState"/> every step starts from the previous
    /// step's final LSTM state and leaves its own (the lanes of stateful training), one row in eight restarting from zero.
    /// </summary>
    public static TrainingMeasurement Run(int hidden, int lookback, int batch, int threads, int steps, int seed = 0, bool carryState = false) =>
        Run(Encoding, hidden, lookback, batch, threads, steps, seed, carryState);

    /// <summary>
    /// As <see cref="Run(int, int, int, int, int, int, bool)"/> for <paramref name="encoding"/>'s input rows and network; with
    /// lookback entries, each step's suggestions are random events (none for one entry in five, as early in a song).
    /// </summary>
    public static TrainingMeasurement Run(CategoricalEncoding encoding, int hidden, int lookback, int batch, int threads, int steps, int seed = 0, bool carryState = false)
    {
        var Encoding = encoding; // shadows the default layout: everything below is written in this encoding
        var config = Config(hidden, encoding);
        using var model = Model.Create(config, seed);
        model.Threads = threads;
        var adam = new Adam(model);
        var loss = new CategoricalLoss(Encoding, Smoothing, MusicalSmoothing.DefaultTemperature, threads);
        var random = new Random(seed);
        var input = new float[batch * lookback * Encoding.InputSize];
        var target = new float[batch * lookback * CategoricalEncoding.TargetWidth];
        int previousPitch = 60;
        var suggestions = new CategoricalEvent[Encoding.LookbackSlots];
        for (int r = 0; r < batch * lookback; r++)
        {
            var e = RandomEvent(random);
            for (int k = 0; k < suggestions.Length; k++)
                suggestions[k] = random.Next(5) == 0 ? LookbackFeatures.NoEvent : RandomEvent(random);
            // version 3's aligned events (after the suggestions): half of them repeat the event, as in a song that repeats
            for (int k = Encoding.LookbackBars.Count; k < suggestions.Length; k++)
                if (random.Next(2) == 0) suggestions[k] = e;
            Encoding.EncodeInput(e, random.Next(Encoding.Labels.Count), suggestions, input.AsSpan(r * Encoding.InputSize, Encoding.InputSize));
            var next = RandomEvent(random);
            Encoding.EncodeTarget(next, previousPitch, target.AsSpan(r * CategoricalEncoding.TargetWidth, CategoricalEncoding.TargetWidth));
            previousPitch = e.Pitch;
        }

        var state = carryState ? model.CreateCarriedState(batch) : null;
        double mean = 0;
        for (int s = 0; s < TrainingBenchmark.WarmupSteps; s++)
        {
            state?.ResetRow(s % batch);
            mean = model.ComputeGradients(input, target, batch, lookback, loss, state);
            adam.Step();
        }
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long started = Stopwatch.GetTimestamp();
        for (int s = 0; s < steps; s++)
        {
            if (state is not null && s % 8 == 0) state.ResetRow(s / 8 % batch); // a song ends now and then
            mean = model.ComputeGradients(input, target, batch, lookback, loss, state);
            adam.Step();
        }
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        double windowsPerSecond = steps * (double)batch / seconds;
        double gflops = windowsPerSecond * FlopCount.TrainingWindow(config, lookback) / 1e9;
        return new TrainingMeasurement(threads, steps, seconds, windowsPerSecond, gflops, allocated / steps, (float)mean);
    }
}
