using System.Diagnostics;
using Dl4m.Nn;

namespace Dl4m.Cli.Benchmarking;

/// <summary>
/// Generates step by step with batch 1, feeding each output back as the next input, as the PyTorch
/// peer's sampling loop does (no rounding or sampling, so only the network is timed).
/// </summary>
internal static class GenerationBenchmark
{
    public static GenerationMeasurement Run(ModelConfig config, int notes, int seed = 0)
    {
        using var model = Model.Create(config, seed);
        if (model.OutputSize != model.InputSize)
            throw new Dl4mException($"generation feeds outputs back as inputs: the model maps {model.InputSize} features to {model.OutputSize}");
        var state = model.CreateState();
        var x = new float[model.InputSize];
        var y = new float[model.OutputSize];
        var random = new Random(seed);
        for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
        // Warm-up: at least 0.5 s, so the JIT has recompiled the step path optimised before timing.
        long warmup = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(warmup).TotalSeconds < 0.5)
            for (int n = 0; n < 1000; n++) model.Step(state, x, y);
        state.Reset();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long started = Stopwatch.GetTimestamp(); // not a Stopwatch object: nothing allocated in the timed span
        for (int n = 0; n < notes; n++)
        {
            model.Step(state, x, y);
            (x, y) = (y, x);
        }
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        double rate = notes / seconds;
        return new GenerationMeasurement(notes, seconds, rate, rate * FlopCount.GenerationStep(config) / 1e9, allocated);
    }
}
