using System.CommandLine;
using System.Globalization;
using Dl4m.Nn;
using Dl4m.Cli.Benchmarking;
using Dl4m.Nn.Kernels;

namespace Dl4m.Cli.Commands;

/// <summary>
/// `dl4m bench train`: training throughput of the default model (many-to-one, Adam, MSE, random
/// windows) with 1 and N threads, against the PyTorch peer run in the same invocation;
/// `--model categorical` times the categorical model instead (<see cref="BenchTrainCategorical"/>).
/// </summary>
internal static class BenchTrainCommand
{
    public static Command Create()
    {
        var lookback = new Option<int>("--lookback") { Description = "Time steps per window.", DefaultValueFactory = _ => 32 };
        var batch = new Option<int?>("--batch") { Description = "Windows per training step [original: 64, categorical: 32]." };
        var model = new Option<string>("--model") { Description = "original (or seed, its old name), categorical or transformer.", DefaultValueFactory = _ => "original" };
        model.AcceptOnlyFromAmong("original", "seed", "categorical", "transformer");
        var width = new Option<int>("--width") { Description = "Transformer: model width.", DefaultValueFactory = _ => 128 };
        var heads = new Option<int>("--heads") { Description = "Transformer: attention heads.", DefaultValueFactory = _ => 4 };
        var blocks = new Option<int>("--blocks") { Description = "Transformer: blocks.", DefaultValueFactory = _ => 2 };
        var feedForward = new Option<int>("--ff") { Description = "Transformer: feed-forward units.", DefaultValueFactory = _ => 512 };
        var hidden = new Option<int?>("--hidden") { Description = "LSTM units of the categorical model [128]." };
        var threads = CommonOptions.Threads();
        var steps = new Option<int>("--steps") { Description = "Timed training steps per run (after 60 warm-up steps).", DefaultValueFactory = _ => 300 };
        var peerScript = new Option<string?>("--peer-script") { Description = $"Path of the peer script (default: ../shared/peers/{TorchPeer.ScriptName}, or {CategoricalTorchPeer.ScriptPath} for categorical, from the repository root)." };
        var noPeer = new Option<bool>("--no-peer") { Description = "Skip the PyTorch peer." };
        var state = new Option<string>("--state") { Description = "Categorical: carry (every step starts from the last step's LSTM state, as stateful training) or reset.", DefaultValueFactory = _ => "carry" };
        state.AcceptOnlyFromAmong("carry", "reset");
        var lookbackInputs = new Option<string>("--lookback-inputs")
        {
            Description = "Categorical: comma list of the representations to time in one run, interleaved: none (no lookback inputs), pitch (pitch suggestions 1, 2, 4, 8 bars back, lookback version 1), copy (whole-event suggestions read by the LSTM and a copy layer, version 2), match (the same suggestions read by the copy layer alone, match flags for the LSTM, version 3: the default of new models); the first is reported as the run, the others relative to it.",
            DefaultValueFactory = _ => "none",
        };
        var json = CommonOptions.Json();
        var command = new Command("train", "Measure training windows/s of the default (or the categorical) model against PyTorch.")
        {
            model, hidden, lookback, batch, threads, steps, noPeer, peerScript, state, lookbackInputs, width, heads, blocks, feedForward, json,
        };
        command.SetAction(parse =>
        {
            var (stdout, stderr) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            if (parse.GetValue(model) == "transformer")
            {
                int window = parse.GetResult(lookback) is { Implicit: false } ? parse.GetValue(lookback) : 64;
                var shape = TransformerBenchmark.Config(parse.GetValue(width), parse.GetValue(heads), parse.GetValue(blocks), parse.GetValue(feedForward), window);
                shape.Validate();
                return BenchTransformer.Train(stdout, stderr, shape, parse.GetValue(batch) ?? 32, parse.GetValue(threads), parse.GetValue(steps),
                    parse.GetValue(noPeer), parse.GetValue(peerScript), parse.GetValue(json));
            }
            bool categorical = parse.GetValue(model) == "categorical";
            int t = parse.GetValue(lookback), b = parse.GetValue(batch) ?? (categorical ? 32 : 64), n = parse.GetValue(threads), s = parse.GetValue(steps);
            int? h = parse.GetValue(hidden);
            if (!categorical && h is not null) throw new Dl4mException("--hidden applies to --model categorical only (the original model is LSTM(48))");
            if (!categorical && parse.GetResult(state) is { Implicit: false }) throw new Dl4mException("--state applies to --model categorical only");
            if (!categorical && parse.GetResult(lookbackInputs) is { Implicit: false }) throw new Dl4mException("--lookback-inputs applies to --model categorical only");
            var inputs = parse.GetValue(lookbackInputs)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (inputs.Length == 0 || inputs.Any(i => !CategoricalTrainingBenchmark.LookbackInputs.Contains(i)) || inputs.Distinct().Count() != inputs.Length)
                throw new Dl4mException($"--lookback-inputs '{parse.GetValue(lookbackInputs)}': give distinct names among {string.Join(", ", CategoricalTrainingBenchmark.LookbackInputs)}, comma-separated");
            if (h is < 1) throw new Dl4mException($"--hidden must be at least 1 (got {h})");
            if (t < 1) throw new Dl4mException($"--lookback must be at least 1 (got {t})");
            if (b < 1) throw new Dl4mException($"--batch must be at least 1 (got {b})");
            if (s < 1) throw new Dl4mException($"--steps must be at least 1 (got {s})");
            bool asJson = parse.GetValue(json);
            if (categorical)
                return BenchTrainCategorical.Run(stdout, stderr, h ?? 128, t, b, n, s, parse.GetValue(noPeer), parse.GetValue(peerScript), asJson, parse.GetValue(state) == "carry", inputs);
            var config = ModelConfig.Seed;
            var peak = MachinePeak.Detect();
            long flops = FlopCount.TrainingWindow(config, t);

            var runs = new List<TrainingMeasurement>();
            foreach (int count in n == 1 ? new[] { 1 } : [1, n])
            {
                if (!asJson) stderr.WriteLine($"training {s} steps with {count} thread(s)…");
                runs.Add(TrainingBenchmark.Run(config, t, b, count, s));
            }
            PeerResult? peer = null;
            if (!parse.GetValue(noPeer))
            {
                if (!asJson) stderr.WriteLine($"running the PyTorch peer with {n} thread(s)…");
                peer = TorchPeer.Run(parse.GetValue(peerScript), "--lookback", t.ToString(CultureInfo.InvariantCulture), "--batch", b.ToString(CultureInfo.InvariantCulture),
                    "--threads", n.ToString(CultureInfo.InvariantCulture), "--notes", "200");
            }
            var best = runs[^1];
            double? ratio = peer is { Ran: true } ? best.WindowsPerSecond / peer.TrainWindowsPerSecond : null;

            if (asJson)
            {
                JsonOutput.Print(stdout, new
                {
                    Benchmark = "train",
                    Model = "LSTM(48), Dense(24, relu), Dense(3)",
                    Lookback = t,
                    Batch = b,
                    Threads = n,
                    Steps = s,
                    FlopsPerWindow = flops,
                    Runs = runs.Select(r => new
                    {
                        r.Threads,
                        WindowsPerS = Math.Round(r.WindowsPerSecond, 1),
                        Gflops = Math.Round(r.Gflops, 2),
                        PercentOfPeak = Math.Round(100 * r.Gflops / (peak.GflopsPerCore * r.Threads), 1),
                        AllocatedBytesPerStep = r.AllocatedBytesPerStep,
                        r.Seconds,
                    }),
                    Scaling = runs.Count > 1 ? Math.Round(runs[^1].WindowsPerSecond / runs[0].WindowsPerSecond, 2) : (double?)null,
                    PeakGflops = Math.Round(peak.GflopsAllCores, 1),
                    PeakAssumption = peak.Assumption,
                    Cpu = peak.CpuModel,
                    Isa = KernelIsa.Name(KernelIsa.Current),
                    HardwareIsa = KernelIsa.Name(KernelIsa.Hardware),
                    Peer = peer is null ? null : new
                    {
                        Name = "pytorch",
                        peer.Version,
                        peer.Threads,
                        TrainWindowsPerS = peer.TrainWindowsPerSecond,
                        peer.Error,
                    },
                    SpeedupVsPeer = ratio is null ? (double?)null : Math.Round(ratio.Value, 2),
                });
                return 0;
            }

            stdout.WriteLine($"dl4m bench train: {config.Describe()}, many-to-one, Adam, MSE, random data");
            stdout.WriteLine($"lookback {t}, batch {b}, {s} timed steps per run (after {TrainingBenchmark.WarmupSteps} warm-up); {flops:N0} FLOP per window (matrix products only)");
            stdout.WriteLine(KernelIsa.Describe());
            stdout.WriteLine();
            TrainingTable.Write(stdout, runs, peak, n, "N0");
            if (peer is null) stdout.WriteLine("peer: skipped (--no-peer)");
            else if (!peer.Ran) stdout.WriteLine($"peer: did not run ({peer.Error})");
            else
                stdout.WriteLine($"PyTorch {peer.Version} ({peer.Threads} threads): {peer.TrainWindowsPerSecond:N0} windows/s; dl4m ({n} threads) is {ratio:0.0}× faster");
            return 0;
        });
        return command;
    }
}
