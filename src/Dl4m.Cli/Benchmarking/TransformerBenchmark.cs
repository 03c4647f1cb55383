using System.Diagnostics;
using Dl4m.Categorical;
using Dl4m.Nn;
using Dl4m.Nn.Transformer;
using Dl4m.Training.Losses;

namespace Dl4m.Cli.Benchmarking;

/// <summary>
/// Times the transformer as `dl4m train --model transformer` and `dl4m generate` run it: training steps on one-hot rows
/// of <see cref="CategoricalTrainingBenchmark.Encoding"/> (input 323, output 224) with compact targets, the
/// <see cref="CategoricalLoss"/> and Adam; cached generation steps with batch 1, sequences of the context length (the
/// cache restarts after each), as tools/torch_transformer_bench.py does. Random events, fixed seed, dropout 0 on both sides.
/// </summary>
internal static class TransformerBenchmark
{
    /// <summary>The benchmark's network: D, heads, blocks, FF and context as given, on the benchmark encoding.</summary>
    public static TransformerConfig Config(int width, int heads, int blocks, int feedForward, int context) => new()
    {
        InputSize = CategoricalTrainingBenchmark.Encoding.InputSize,
        OutputSize = CategoricalTrainingBenchmark.Encoding.OutputSize,
        Width = width,
        Heads = heads,
        Layers = blocks,
        FeedForward = feedForward,
        Context = context,
    };

    private static CategoricalEvent RandomEvent(Random random) =>
        new(random.Next(36, 96), random.Next(1, 128), random.Next(0, 19), random.Next(1, 25), random.Next(0, 48));

    /// <summary>Times <paramref name="steps"/> training steps of windows of the context length (after the warm-up).</summary>
    public static TrainingMeasurement Train(TransformerConfig config, int batch, int threads, int steps, int seed = 0)
    {
        var encoding = CategoricalTrainingBenchmark.Encoding;
        using var network = TransformerNetwork.Create(config, seed);
        network.Threads = threads;
        var adam = new Adam(network);
        var loss = new CategoricalLoss(encoding, CategoricalTrainingBenchmark.Smoothing, MusicalSmoothing.DefaultTemperature, threads);
        var random = new Random(seed);
        int t = config.Context;
        var input = new float[batch * t * encoding.InputSize];
        var target = new float[batch * t * CategoricalEncoding.TargetWidth];
        int previousPitch = 60;
        for (int r = 0; r < batch * t; r++)
        {
            var e = RandomEvent(random);
            encoding.EncodeInput(e, random.Next(encoding.Labels.Count), input.AsSpan(r * encoding.InputSize, encoding.InputSize));
            encoding.EncodeTarget(RandomEvent(random), previousPitch, target.AsSpan(r * CategoricalEncoding.TargetWidth, CategoricalEncoding.TargetWidth));
            previousPitch = e.Pitch;
        }
        double mean = 0;
        int warmup = Math.Min(TrainingBenchmark.WarmupSteps, Math.Max(5, steps / 2));
        for (int s = 0; s < warmup; s++)
        {
            mean = network.ComputeGradients(input, target, batch, t, loss);
            adam.Step();
        }
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long started = Stopwatch.GetTimestamp();
        for (int s = 0; s < steps; s++)
        {
            mean = network.ComputeGradients(input, target, batch, t, loss);
            adam.Step();
        }
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        double windowsPerSecond = steps * (double)batch / seconds;
        double gflops = windowsPerSecond * TransformerFlopCount.TrainingWindow(config, t) / 1e9;
        return new TrainingMeasurement(threads, steps, seconds, windowsPerSecond, gflops, allocated / steps, (float)mean);
    }

    /// <summary>
    /// Times <paramref name="steps"/> cached steps (batch 1) on <paramref name="threads"/> threads with the kernels
    /// stored as <paramref name="weights"/>, in sequences of the context length. Warmed up first (<see cref="WarmUp"/>): the runtime compiles the hot methods' final code in the
    /// background after they have run a while (tiered compilation), and a run that starts right away measures part of
    /// its time on the first, slower code (measured: 66 µs per step instead of 40 over the first 20,000 after 5,000).
    /// </summary>
    public static GenerationMeasurement Generate(TransformerConfig config, int steps, int threads = 1,
        CachedWeightFormat weights = CachedWeightFormat.Fp32, int seed = 0)
    {
        var encoding = CategoricalTrainingBenchmark.Encoding;
        using var network = TransformerNetwork.Create(config, seed);
        network.Threads = threads;
        network.CachedWeights = weights;
        var random = new Random(seed);
        int c = config.Context;
        var rows = new float[c * encoding.InputSize];
        for (int r = 0; r < c; r++)
            encoding.EncodeInput(RandomEvent(random), random.Next(encoding.Labels.Count), rows.AsSpan(r * encoding.InputSize, encoding.InputSize));
        var cache = network.CreateCache();
        var logits = new float[config.OutputSize];
        void Run(int count)
        {
            for (int i = 0; i < count; i++)
            {
                if (cache.Count == c) cache.Reset(); // a new sequence, as the peer does
                cache.Step(rows.AsSpan((i % c) * encoding.InputSize, encoding.InputSize), logits);
            }
        }
        WarmUp(() => Run(c)); // many short calls of the loop that is timed, so the runtime promotes it too
        cache.Reset();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long started = Stopwatch.GetTimestamp();
        Run(steps);
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        double perSecond = steps / seconds;
        return new GenerationMeasurement(steps, seconds, perSecond, perSecond * TransformerFlopCount.GenerationStep(config, (c + 1) / 2.0) / 1e9, allocated);
    }

    /// <summary>
    /// The shortest untimed run before a generation measurement. With TieredPGO (the tool's setting) the final code of
    /// the step comes in stages over seconds: after 1 s of warm-up a first run measured 19,500–20,500 steps/s and the
    /// runs after it 33,000–35,000 (load 3–4); after 3 s the first run measured the latter.
    /// </summary>
    public static readonly TimeSpan GenerationWarmup = TimeSpan.FromSeconds(3);

    /// <summary>The longest: a machine so loaded that the speed never settles is measured anyway.</summary>
    private static readonly TimeSpan GenerationWarmupLimit = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs <paramref name="block"/> for at least <see cref="GenerationWarmup"/> and until three 0.1 s windows in a row
    /// were no faster than the fastest so far (within 3 %): the background compiler's final code is in, whatever the
    /// load.
    /// </summary>
    private static void WarmUp(Action block)
    {
        long started = Stopwatch.GetTimestamp();
        double fastest = double.MaxValue;
        int slower = 0;
        while (Stopwatch.GetElapsedTime(started) < GenerationWarmupLimit
            && (Stopwatch.GetElapsedTime(started) < GenerationWarmup || slower < 3))
        {
            long windowStarted = Stopwatch.GetTimestamp();
            int calls = 0;
            do
            {
                block();
                calls++;
            }
            while (Stopwatch.GetElapsedTime(windowStarted).TotalSeconds < 0.1);
            double perCall = Stopwatch.GetElapsedTime(windowStarted).TotalSeconds / calls;
            if (perCall < fastest * 0.97) (fastest, slower) = (perCall, 0);
            else slower++;
        }
    }
}
