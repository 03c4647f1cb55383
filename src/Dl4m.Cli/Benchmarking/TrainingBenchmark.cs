using System.Diagnostics;
using Dl4m.Nn;

namespace Dl4m.Cli.Benchmarking;

/// <summary>
/// Trains a model on random (B,T,F) windows with Adam and MSE, as the PyTorch peer does: a few
/// warm-up steps (JIT, buffers), then <c>steps</c> timed steps. Allocation is measured over the timed
/// steps with GC.GetTotalAllocatedBytes(precise), which counts every thread.
/// </summary>
internal static class TrainingBenchmark
{
    /// <summary>
    /// Untimed steps first: the JIT compiles the kernels at tier 0 and only recompiles them optimised
    /// after ~30 calls, so a short warm-up would time unoptimised code.
    /// </summary>
    public const int WarmupSteps = 60;

    public static TrainingMeasurement Run(ModelConfig config, int lookback, int batch, int threads, int steps, int seed = 0)
    {
        using var model = Model.Create(config, seed);
        model.Threads = threads;
        var adam = new Adam(model);
        var random = new Random(seed);
        var input = new float[batch * lookback * config.InputSize];
        var target = new float[model.OutputLength(batch, lookback)];
        for (int i = 0; i < input.Length; i++) input[i] = (float)(random.NextDouble() * 2 - 1);
        for (int i = 0; i < target.Length; i++) target[i] = (float)(random.NextDouble() * 2 - 1);

        float loss = 0;
        for (int s = 0; s < WarmupSteps; s++)
        {
            loss = model.ComputeGradients(input, target, batch, lookback);
            adam.Step();
        }
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long started = Stopwatch.GetTimestamp(); // not a Stopwatch object: nothing allocated in the timed span
        for (int s = 0; s < steps; s++)
        {
            loss = model.ComputeGradients(input, target, batch, lookback);
            adam.Step();
        }
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        double windowsPerSecond = steps * (double)batch / seconds;
        double gflops = windowsPerSecond * FlopCount.TrainingWindow(config, lookback) / 1e9;
        return new TrainingMeasurement(threads, steps, seconds, windowsPerSecond, gflops, allocated / steps, loss);
    }
}
