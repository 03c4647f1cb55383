using Dl4m.Nn;

namespace Dl4m.Cli.Benchmarking;

/// <summary>One timed generation run (batch 1, step by step).</summary>
internal sealed record GenerationMeasurement(int Notes, double Seconds, double NotesPerSecond, double Gflops, long AllocatedBytes);
