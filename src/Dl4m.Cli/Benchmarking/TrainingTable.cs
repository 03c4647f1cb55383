namespace Dl4m.Cli.Benchmarking;

/// <summary>
/// The per-thread-count table that `dl4m bench train` prints for the LSTM and the transformer: windows/s, GFLOP/s,
/// share of the estimated peak and bytes allocated per step, the 1 → N scaling and the peak's assumption.
/// </summary>
internal static class TrainingTable
{
    /// <param name="windowsFormat">How windows/s is printed: "N0" for the small LSTM (thousands of windows/s), "N1" for the transformer.</param>
    public static void Write(TextWriter stdout, IReadOnlyList<TrainingMeasurement> runs, MachinePeak peak, int threads, string windowsFormat)
    {
        stdout.WriteLine("threads   windows/s    GFLOP/s   % of peak   bytes allocated/step");
        foreach (var r in runs)
        {
            string windows = r.WindowsPerSecond.ToString(windowsFormat, System.Globalization.CultureInfo.CurrentCulture);
            stdout.WriteLine($"{r.Threads,7} {windows,11} {r.Gflops,10:N1} {100 * r.Gflops / (peak.GflopsPerCore * r.Threads),10:N1}% {r.AllocatedBytesPerStep,22:N0}");
        }
        if (runs.Count > 1) stdout.WriteLine($"scaling 1 → {threads} threads: {runs[^1].WindowsPerSecond / runs[0].WindowsPerSecond:0.00}×");
        stdout.WriteLine($"FP32 peak estimate: {peak.GflopsAllCores:N0} GFLOP/s = {peak.Assumption}; {peak.CpuModel}");
    }
}
