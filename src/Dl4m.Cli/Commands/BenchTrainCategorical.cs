using System.Globalization;
using Dl4m.Cli.Benchmarking;
using Dl4m.Nn.Kernels;

namespace Dl4m.Cli.Commands;

/// <summary>
/// `dl4m bench train --model categorical`: training throughput of the categorical model (LSTM(H) → Dense(224)
/// logits, many-to-many, one-hot input of width 323, CategoricalLoss, Adam) against tools/torch_categorical_bench.py
/// at the same shapes.
/// </summary>
internal static class BenchTrainCategorical
{
    /// <param name="lookbackInputs">
    /// The representations to time in this run (<see cref="CategoricalTrainingBenchmark.LookbackInputs"/>: none, pitch,
    /// copy), interleaved per thread count so a loaded machine slows them alike; the first is the one reported at the
    /// top level (and the one the peer runs), the others beside it with their windows/s relative to it.
    /// </param>
    public static int Run(TextWriter stdout, TextWriter stderr, int hidden, int lookback, int batch, int threads, int steps, bool noPeer, string? peerScript, bool asJson, bool carryState = false,
        IReadOnlyList<string>? lookbackInputs = null)
    {
        lookbackInputs ??= ["none"];
        var encodings = lookbackInputs.Select(CategoricalTrainingBenchmark.EncodingOf).ToArray();
        var encoding = encodings[0];
        var all = encodings.Select(_ => new List<TrainingMeasurement>()).ToArray();
        foreach (int count in threads == 1 ? new[] { 1 } : [1, threads])
            for (int i = 0; i < encodings.Length; i++)
            {
                if (!asJson) stderr.WriteLine($"training {steps} steps with {count} thread(s), lookback inputs {lookbackInputs[i]}…");
                all[i].Add(CategoricalTrainingBenchmark.Run(encodings[i], hidden, lookback, batch, count, steps, carryState: carryState));
            }
        var runs = all[0];
        PeerResult? peer = null;
        if (!noPeer)
        {
            if (!asJson) stderr.WriteLine($"running the PyTorch peer with {threads} thread(s)…");
            string I(int v) => v.ToString(CultureInfo.InvariantCulture);
            peer = CategoricalTorchPeer.Run(peerScript, "--hidden", I(hidden), "--lookback", I(lookback), "--batch", I(batch),
                "--threads", I(threads), "--steps", I(Math.Clamp(steps / 10, 10, 60)));
        }
        var best = runs[^1];
        double? ratio = peer is { Ran: true } ? best.WindowsPerSecond / peer.TrainWindowsPerSecond : null;
        string model = $"LSTM({hidden}, every step), Dense({encoding.OutputSize}) logits";
        string Layers(int i) => CategoricalTrainingBenchmark.Config(hidden, encodings[i]).Describe();
        double Relative(int i, int run) => all[i][run].WindowsPerSecond / all[0][run].WindowsPerSecond;

        if (asJson)
        {
            JsonOutput.Print(stdout, new
            {
                Benchmark = "train",
                Model = "categorical",
                Layers = model,
                InputSize = encoding.InputSize,
                OutputSize = encoding.OutputSize,
                Hidden = hidden,
                Lookback = lookback,
                Batch = batch,
                Threads = threads,
                Steps = steps,
                State = carryState ? "carry" : "reset",
                LookbackInputs = lookbackInputs[0],
                Representations = lookbackInputs.Count == 1 ? null : lookbackInputs.Select((name, i) => new
                {
                    LookbackInputs = name,
                    Layers = Layers(i),
                    encodings[i].InputSize,
                    Runs = all[i].Select((r, run) => new
                    {
                        r.Threads,
                        WindowsPerS = Math.Round(r.WindowsPerSecond, 1),
                        RelativeToFirst = Math.Round(Relative(i, run), 3),
                        AllocatedBytesPerStep = r.AllocatedBytesPerStep,
                    }),
                }),
                Runs = runs.Select(r => new
                {
                    r.Threads,
                    WindowsPerS = Math.Round(r.WindowsPerSecond, 1),
                    AllocatedBytesPerStep = r.AllocatedBytesPerStep,
                    r.Seconds,
                }),
                Isa = KernelIsa.Name(KernelIsa.Current),
                HardwareIsa = KernelIsa.Name(KernelIsa.Hardware),
                Peer = peer is null ? null : new { Name = "pytorch", peer.Version, peer.Threads, TrainWindowsPerS = peer.TrainWindowsPerSecond, peer.Error },
                SpeedupVsPeer = ratio is null ? (double?)null : Math.Round(ratio.Value, 2),
            });
            return 0;
        }

        stdout.WriteLine($"dl4m bench train --model categorical: {model}, many-to-many, one-hot input {encoding.InputSize}, " +
                          $"CategoricalLoss (smoothing {CategoricalTrainingBenchmark.Smoothing}), Adam, random events");
        stdout.WriteLine($"lookback {lookback}, batch {batch}, LSTM state {(carryState ? "carried from step to step" : "zero at every window")}, {steps} timed steps per run (after {TrainingBenchmark.WarmupSteps} warm-up)");
        stdout.WriteLine(KernelIsa.Describe());
        stdout.WriteLine();
        stdout.WriteLine("threads   windows/s   bytes allocated/step");
        foreach (var r in runs)
            stdout.WriteLine($"{r.Threads,7} {r.WindowsPerSecond,11:N0} {r.AllocatedBytesPerStep,22:N0}");
        if (runs.Count > 1)
            stdout.WriteLine($"scaling 1 → {threads} threads: {runs[^1].WindowsPerSecond / runs[0].WindowsPerSecond:0.00}×");
        if (lookbackInputs.Count > 1)
        {
            stdout.WriteLine();
            stdout.WriteLine($"lookback inputs (interleaved in this run; windows/s relative to {lookbackInputs[0]}):");
            stdout.WriteLine("inputs   input  threads   windows/s   relative   layers");
            for (int i = 0; i < encodings.Length; i++)
                for (int run = 0; run < all[i].Count; run++)
                    stdout.WriteLine($"{lookbackInputs[i],-6} {encodings[i].InputSize,7} {all[i][run].Threads,8} {all[i][run].WindowsPerSecond,11:N0} {Relative(i, run),9:P0}   {Layers(i)}");
        }
        if (peer is null) stdout.WriteLine("peer: skipped (--no-peer)");
        else if (!peer.Ran) stdout.WriteLine($"peer: did not run ({peer.Error})");
        else
            stdout.WriteLine($"PyTorch {peer.Version} ({peer.Threads} threads, dense one-hot input): {peer.TrainWindowsPerSecond:N1} windows/s; dl4m ({threads} threads) is {ratio:0.0}× faster");
        return 0;
    }
}
