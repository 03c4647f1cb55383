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
        TrainingTable.Write(stdout, runs, peak, threads, "N1");
        if (peer is null) stdout.WriteLine("peer: skipped (--no-peer)");
        else if (!peer.Ran) stdout.WriteLine($"peer: did not run ({peer.Error})");
        else
            stdout.WriteLine($"PyTorch {peer.Version} ({peer.Threads} threads, dense one-hot input): {peer.TrainWindowsPerSecond:N1} windows/s " +
                $"({100 * peer.TrainWindowsPerSecond * flops / 1e9 / (peak.GflopsPerCore * Math.Max(1, peer.Threads)):0.0}% of peak); dl4m ({threads} threads) is {ratio:0.0}× faster");
        return 0;
    }

    /// <summary>fp32 or bf16, as --weights spells it.</summary>
    public static string WeightsName(CachedWeightFormat weights) => weights.ToString().ToLowerInvariant();

    /// <summary>
    /// Cached steps/s with 1 thread and with <paramref name="threads"/>, each beside the peer at the same thread count
    /// (torch.set_num_threads), so every ratio compares like with like.
    /// </summary>
    public static int Generate(TextWriter stdout, TextWriter stderr, TransformerConfig config, int steps, int threads, CachedWeightFormat weights,
        bool noPeer, string? peerScript, bool asJson)
    {
        var peak = MachinePeak.Detect();
        var rows = new List<(int Threads, GenerationMeasurement Run, PeerResult? Peer)>();
        foreach (int count in threads == 1 ? new[] { 1 } : [1, threads])
        {
            if (!asJson) stderr.WriteLine($"generating {steps:N0} cached steps with {count} thread(s)…");
            var run = TransformerBenchmark.Generate(config, steps, count, weights);
            PeerResult? peer = null;
            if (!noPeer)
            {
                if (!asJson) stderr.WriteLine($"running the PyTorch peer with {count} thread(s)…");
                peer = TransformerTorchPeer.Run(peerScript, [.. PeerShape(config), "--threads", I(count), "--train-steps", "0",
                    "--gen-steps", I(Math.Clamp(steps / 20, 2 * config.Context, 2000))]);
            }
            rows.Add((count, run, peer));
        }
        static double? Ratio(GenerationMeasurement run, PeerResult? peer) => peer is { Ran: true } ? run.NotesPerSecond / peer.GenerateNotesPerSecond : null;
        var best = rows[^1];
        long flopsPerStep = TransformerFlopCount.GenerationStep(config, (config.Context + 1) / 2.0);
        if (asJson)
        {
            JsonOutput.Print(stdout, new
            {
                Benchmark = "generate",
                Model = "transformer",
                Layers = config.Describe(),
                Isa = KernelIsa.Name(KernelIsa.Current),
                Threads = threads,
                Weights = WeightsName(weights),
                Steps = best.Run.Notes,
                StepsPerS = Math.Round(best.Run.NotesPerSecond, 1),
                Gflops = Math.Round(best.Run.Gflops, 2),
                PercentOfPeak = Math.Round(100 * best.Run.Gflops / (peak.GflopsPerCore * threads), 1),
                FlopsPerStep = flopsPerStep,
                best.Run.AllocatedBytes,
                best.Run.Seconds,
                Runs = rows.Select(r => new
                {
                    r.Threads,
                    StepsPerS = Math.Round(r.Run.NotesPerSecond, 1),
                    r.Run.AllocatedBytes,
                    PeerStepsPerS = r.Peer is { Ran: true } ? r.Peer.GenerateNotesPerSecond : (double?)null,
                    SpeedupVsPeer = Ratio(r.Run, r.Peer) is { } x ? Math.Round(x, 2) : (double?)null,
                }),
                Peer = best.Peer is not { } peer ? null : new { Name = "pytorch", peer.Version, peer.Threads, StepsPerS = peer.GenerateNotesPerSecond, peer.Error },
                SpeedupVsPeer = Ratio(best.Run, best.Peer) is { } ratio ? Math.Round(ratio, 2) : (double?)null,
            });
            return 0;
        }
        stdout.WriteLine($"dl4m bench generate --model transformer: {config.Describe()}, batch 1, key/value cache, sequences of {config.Context} steps");
        stdout.WriteLine(KernelIsa.Describe());
        stdout.WriteLine(weights == CachedWeightFormat.Fp32
            ? "cached-step weights: fp32 (the default; the peer's too)"
            : "cached-step weights: bf16 copies, fp32 accumulation (asked for with --weights bf16; the peer runs fp32; error vs fp32: docs/transformer.md)");
        stdout.WriteLine($"{steps:N0} timed steps per run after a warm-up of at least {TransformerBenchmark.GenerationWarmup.TotalSeconds:0.#} s, until the speed settles; {flopsPerStep:N0} FLOP per step on average (matrix products only)");
        stdout.WriteLine();
        stdout.WriteLine("threads     steps/s    GFLOP/s   % of peak   bytes allocated   PyTorch steps/s   dl4m / PyTorch");
        foreach (var (count, run, peer) in rows)
        {
            string peerSteps = peer is { Ran: true } ? peer.GenerateNotesPerSecond.ToString("N0", System.Globalization.CultureInfo.CurrentCulture) : "-";
            string ratio = Ratio(run, peer) is { } x ? $"{x:0.0}×" : "-";
            stdout.WriteLine($"{count,7} {run.NotesPerSecond,11:N0} {run.Gflops,10:N2} {100 * run.Gflops / (peak.GflopsPerCore * count),10:N1}% {run.AllocatedBytes,17:N0} {peerSteps,17} {ratio,16}");
        }
        if (rows.Count > 1) stdout.WriteLine($"scaling 1 → {threads} threads: {rows[^1].Run.NotesPerSecond / rows[0].Run.NotesPerSecond:0.00}×");
        stdout.WriteLine($"FP32 peak estimate: {peak.GflopsAllCores:N0} GFLOP/s = {peak.Assumption}; {peak.CpuModel}");
        if (noPeer) stdout.WriteLine("peer: skipped (--no-peer)");
        else if (best.Peer is { Ran: false } failed) stdout.WriteLine($"peer: did not run ({failed.Error})");
        else stdout.WriteLine($"peer: PyTorch {best.Peer!.Version}, its own key/value cache, no_grad, torch.set_num_threads as in the threads column");
        return 0;
    }
}
