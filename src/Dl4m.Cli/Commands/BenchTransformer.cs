using System.Globalization;
using Dl4m.Cli.Benchmarking;
using Dl4m.Nn.Kernels;
using Dl4m.Nn.Transformer;

namespace Dl4m.Cli.Commands;

/// <summary>
/// `dl4m bench train --model transformer` and `dl4m bench generate --model transformer`: the transformer's training
/// windows/s (1 and N threads) and cached generation steps/s (batch 1) against tools/torch_transformer_bench.py at the
/// same shapes in the same run, with the ratio and the share of the machine's estimated FP32 peak.
/// Default shape: D 128, 4 heads, 2 blocks, FF 512, context (= window) 64, batch 32, on the benchmark encoding (323 → 224).
/// </summary>
internal static class BenchTransformer
{
    public static TransformerConfig DefaultConfig => TransformerBenchmark.Config(128, 4, 2, 512, 64);

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string[] PeerShape(TransformerConfig c) =>
        ["--width", I(c.Width), "--heads", I(c.Heads), "--blocks", I(c.Layers), "--ff", I(c.FeedForward), "--context", I(c.Context)];

    public static int Train(TextWriter stdout, TextWriter stderr, TransformerConfig config, int batch, int threads, int steps, bool noPeer, string? peerScript, bool asJson)
    {
        var peak = MachinePeak.Detect();
        var runs = new List<TrainingMeasurement>();
        foreach (int count in threads == 1 ? new[] { 1 } : [1, threads])
        {
            if (!asJson) stderr.WriteLine($"training {steps} steps with {count} thread(s)…");
            runs.Add(TransformerBenchmark.Train(config, batch, count, steps));
        }
        PeerResult? peer = null;
        if (!noPeer)
        {
            if (!asJson) stderr.WriteLine($"running the PyTorch peer with {threads} thread(s)…");
            peer = TransformerTorchPeer.Run(peerScript, [.. PeerShape(config), "--batch", I(batch), "--threads", I(threads),
                "--train-steps", I(Math.Clamp(steps / 10, 5, 30)), "--gen-steps", "0"]);
        }
        var best = runs[^1];
        double? ratio = peer is { Ran: true } ? best.WindowsPerSecond / peer.TrainWindowsPerSecond : null;
        long flops = TransformerFlopCount.TrainingWindow(config, config.Context);
        if (asJson)
        {
            JsonOutput.Print(stdout, new
            {
                Benchmark = "train",
                Model = "transformer",
                Layers = config.Describe(),
                config.InputSize,
                config.OutputSize,
                Lookback = config.Context,
                Batch = batch,
                Threads = threads,
                Steps = steps,
                FlopsPerWindow = flops,
                Runs = runs.Select(r => new
                {
                    r.Threads,
                    WindowsPerS = Math.Round(r.WindowsPerSecond, 1),
                    Gflops = Math.Round(r.Gflops, 2),
                    PercentOfPeak = Math.Round(100 * r.Gflops / (peak.GflopsPerCore * r.Threads), 1),
                    r.AllocatedBytesPerStep,
                    r.Seconds,
                }),
                PeakGflops = Math.Round(peak.GflopsAllCores, 1),
                PeakAssumption = peak.Assumption,
                Cpu = peak.CpuModel,
                Isa = KernelIsa.Name(KernelIsa.Current),
                HardwareIsa = KernelIsa.Name(KernelIsa.Hardware),
                Peer = peer is null ? null : new
                {
                    Name = "pytorch", peer.Version, peer.Threads, TrainWindowsPerS = peer.TrainWindowsPerSecond,
                    PercentOfPeak = Math.Round(100 * peer.TrainWindowsPerSecond * flops / 1e9 / (peak.GflopsPerCore * Math.Max(1, peer.Threads)), 1),
                    peer.Error,
                },
                SpeedupVsPeer = ratio is null ? (double?)null : Math.Round(ratio.Value, 2),
            });
            return 0;
        }
        stdout.WriteLine($"dl4m bench train --model transformer: {config.Describe()}, one-hot input {config.InputSize}, CategoricalLoss (smoothing {CategoricalTrainingBenchmark.Smoothing}), Adam, random events, dropout 0");
        stdout.WriteLine($"window {config.Context}, batch {batch}, {steps} timed steps per run; {flops:N0} FLOP per window (matrix products only)");
        stdout.WriteLine(KernelIsa.Describe());
        stdout.WriteLine();
        stdout.WriteLine("threads   windows/s    GFLOP/s   % of peak   bytes allocated/step");
        foreach (var r in runs)
            stdout.WriteLine($"{r.Threads,7} {r.WindowsPerSecond,11:N1} {r.Gflops,10:N1} {100 * r.Gflops / (peak.GflopsPerCore * r.Threads),10:N1}% {r.AllocatedBytesPerStep,22:N0}");
        if (runs.Count > 1) stdout.WriteLine($"scaling 1 → {threads} threads: {runs[^1].WindowsPerSecond / runs[0].WindowsPerSecond:0.00}×");
        stdout.WriteLine($"FP32 peak estimate: {peak.GflopsAllCores:N0} GFLOP/s = {peak.Assumption}; {peak.CpuModel}");
        if (peer is null) stdout.WriteLine("peer: skipped (--no-peer)");
        else if (!peer.Ran) stdout.WriteLine($"peer: did not run ({peer.Error})");
        else
            stdout.WriteLine($"PyTorch {peer.Version} ({peer.Threads} threads, dense one-hot input): {peer.TrainWindowsPerSecond:N1} windows/s " +
                $"({100 * peer.TrainWindowsPerSecond * flops / 1e9 / (peak.GflopsPerCore * Math.Max(1, peer.Threads)):0.0}% of peak); dl4m ({threads} threads) is {ratio:0.0}× faster");
        return 0;
    }

    public static int Generate(TextWriter stdout, TextWriter stderr, TransformerConfig config, int steps, int threads, bool noPeer, string? peerScript, bool asJson)
    {
        var peak = MachinePeak.Detect();
        if (!asJson) stderr.WriteLine($"generating {steps:N0} cached steps…");
        var run = TransformerBenchmark.Generate(config, steps);
        PeerResult? peer = null;
        if (!noPeer)
        {
            if (!asJson) stderr.WriteLine($"running the PyTorch peer with {threads} thread(s)…");
            peer = TransformerTorchPeer.Run(peerScript, [.. PeerShape(config), "--threads", I(threads), "--train-steps", "0",
                "--gen-steps", I(Math.Clamp(steps / 20, 2 * config.Context, 2000))]);
        }
        double? ratio = peer is { Ran: true } ? run.NotesPerSecond / peer.GenerateNotesPerSecond : null;
        long flopsPerStep = TransformerFlopCount.GenerationStep(config, (config.Context + 1) / 2.0);
        if (asJson)
        {
            JsonOutput.Print(stdout, new
            {
                Benchmark = "generate",
                Model = "transformer",
                Layers = config.Describe(),
                Isa = KernelIsa.Name(KernelIsa.Current),
                Steps = run.Notes,
                StepsPerS = Math.Round(run.NotesPerSecond, 1),
                Gflops = Math.Round(run.Gflops, 2),
                PercentOfOneCorePeak = Math.Round(100 * run.Gflops / peak.GflopsPerCore, 1),
                FlopsPerStep = flopsPerStep,
                run.AllocatedBytes,
                run.Seconds,
                Peer = peer is null ? null : new { Name = "pytorch", peer.Version, peer.Threads, StepsPerS = peer.GenerateNotesPerSecond, peer.Error },
                SpeedupVsPeer = ratio is null ? (double?)null : Math.Round(ratio.Value, 2),
            });
            return 0;
        }
        stdout.WriteLine($"dl4m bench generate --model transformer: {config.Describe()}, batch 1, key/value cache, sequences of {config.Context} steps");
        stdout.WriteLine(KernelIsa.Describe());
        stdout.WriteLine($"{run.Notes:N0} steps in {run.Seconds:0.000} s: {run.NotesPerSecond:N0} steps/s, {run.Gflops:0.00} GFLOP/s ({flopsPerStep:N0} FLOP per step on average, {100 * run.Gflops / peak.GflopsPerCore:0.0}% of one core's estimated peak), {run.AllocatedBytes:N0} bytes allocated");
        if (peer is null) stdout.WriteLine("peer: skipped (--no-peer)");
        else if (!peer.Ran) stdout.WriteLine($"peer: did not run ({peer.Error})");
        else stdout.WriteLine($"PyTorch {peer.Version} ({peer.Threads} thread(s), its own key/value cache, no_grad): {peer.GenerateNotesPerSecond:N0} steps/s; dl4m is {ratio:0.0}× faster");
        return 0;
    }
}
