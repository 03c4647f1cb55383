using Dl4m.Nn;

namespace Dl4m.Cli.Benchmarking;

/// <summary>One timed training run: throughput and managed allocation per steady-state step.</summary>
internal sealed record TrainingMeasurement(int Threads, int Steps, double Seconds, double WindowsPerSecond,
    double Gflops, long AllocatedBytesPerStep, float FinalLoss);
