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
    /// stored as <paramref name="weights"/>, in sequences of the context length. Warmed up for <see cref="GenerationWarmup"/> first: the runtime compiles the hot methods' final
    /// code in the background after they have run a while (tiered compilation), and a run that starts right away
    /// measures part of its time on the first, slower code (measured: 66 µs per step instead of 40 in the first 20,000).
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
        long warmup = Stopwatch.GetTimestamp();
        do Run(4 * c);
        while (Stopwatch.GetElapsedTime(warmup) < GenerationWarmup);
        cache.Reset();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long started = Stopwatch.GetTimestamp();
        Run(steps);
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        double perSecond = steps / seconds;
        return new GenerationMeasurement(steps, seconds, perSecond, perSecond * TransformerFlopCount.GenerationStep(config, (c + 1) / 2.0) / 1e9, allocated);
    }

    /// <summary>How long cached generation runs untimed before a measurement.</summary>
    public static readonly TimeSpan GenerationWarmup = TimeSpan.FromSeconds(1);
}
