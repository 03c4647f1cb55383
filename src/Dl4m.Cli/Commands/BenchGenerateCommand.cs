using System.CommandLine;
using System.Globalization;
using Dl4m.Generation;
using Dl4m.Nn;
using Dl4m.Cli.Benchmarking;
using Dl4m.Nn.Transformer;

namespace Dl4m.Cli.Commands;

/// <summary>
/// `dl4m bench generate`: notes/s generating step by step with batch 1 (the output fed back as the
/// next input, as a sampling loop does) with the default model, against the PyTorch peer.
/// </summary>
internal static class BenchGenerateCommand
{
    public static Command Create()
    {
        var notes = new Option<int?>("--notes") { Description = "Notes (steps) to generate [original: 500,000; categorical: 10,000]." };
        var model = new Option<string>("--model") { Description = "original (or seed, its old name: the LSTM(48) model, against the PyTorch peer), categorical (the categorical generate loop: sampling, top-p, beam 4) or transformer (cached steps of D 128, 4 heads, 2 blocks, FF 512, context 64, against tools/torch_transformer_bench.py).", DefaultValueFactory = _ => "original" };
        model.AcceptOnlyFromAmong("original", "seed", "categorical", "transformer");
        var threads = CommonOptions.Threads("Threads for the peer (the LSTM's generation with batch 1 runs on one thread); --model transformer: threads of dl4m's cached step and of the peer, timed with 1 and with this many [default: the machine's cores].", defaultValue: 1);
        var peerScript = new Option<string?>("--peer-script") { Description = $"Path of the peer script (default: ../shared/peers/{TorchPeer.ScriptName} from the repository root)." };
        var noPeer = new Option<bool>("--no-peer") { Description = "Skip the PyTorch peer (../shared/peers/torch_lstm_bench.py)." };
        var weights = new Option<string>("--weights") { Description = "--model transformer: how the cached step stores its kernels: fp32, or bf16 (rounded copies, fp32 accumulation: half the bytes; logits differ slightly, see docs/transformer.md).", DefaultValueFactory = _ => "fp32" };
        weights.AcceptOnlyFromAmong("fp32", "bf16");
        var json = CommonOptions.Json();
        var command = new Command("generate", "Measure step-by-step generation notes/s of the default model against PyTorch.")
        {
            notes, model, threads, weights, noPeer, peerScript, json,
        };
        var transformerSteps = 20_000;
        command.SetAction(parse =>
        {
            var (stdout, stderr) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            if (parse.GetValue(model) == "transformer")
                return BenchTransformer.Generate(stdout, stderr, BenchTransformer.DefaultConfig, parse.GetValue(notes) ?? transformerSteps,
                    parse.GetResult(threads) is { Implicit: false } ? parse.GetValue(threads) : Environment.ProcessorCount,
                    parse.GetValue(weights) == "bf16" ? CachedWeightFormat.Bf16 : CachedWeightFormat.Fp32,
                    parse.GetValue(noPeer), parse.GetValue(peerScript), parse.GetValue(json));
            if (parse.GetResult(weights) is { Implicit: false }) throw new Dl4mException("--weights applies to --model transformer only");
            bool categorical = parse.GetValue(model) == "categorical";
            int count = parse.GetValue(notes) ?? (categorical ? 10_000 : 500_000), n = parse.GetValue(threads);
            if (count < 1 || count > GenerationOptions.MaxNotes) throw new Dl4mException($"--notes must be between 1 and {GenerationOptions.MaxNotes:N0} (got {count})");
            bool asJson = parse.GetValue(json);
            if (categorical) return RunCategorical(stdout, stderr, count, asJson);
            var config = ModelConfig.Seed;
            var peak = MachinePeak.Detect();
            if (!asJson) stderr.WriteLine($"generating {count:N0} notes…");
            var run = GenerationBenchmark.Run(config, count);
            int songNotes = Math.Min(count, GenerationOptions.MaxNotes);
            if (!asJson) stderr.WriteLine($"generating {songNotes:N0} notes through the dl4m generate loop (sample, round)…");
            var song = SongLoopBenchmark.Run(songNotes);
            PeerResult? peer = null;
            if (!parse.GetValue(noPeer))
            {
                if (!asJson) stderr.WriteLine($"running the PyTorch peer with {n} thread(s)…");
                peer = TorchPeer.Run(parse.GetValue(peerScript), "--threads", n.ToString(CultureInfo.InvariantCulture), "--steps", "1", "--notes", "5000");
            }
            double? ratio = peer is { Ran: true } ? run.NotesPerSecond / peer.GenerateNotesPerSecond : null;
            if (asJson)
            {
                JsonOutput.Print(stdout, new
                {
                    Benchmark = "generate",
                    Isa = Dl4m.Nn.Kernels.KernelIsa.Name(Dl4m.Nn.Kernels.KernelIsa.Current),
                    Model = "LSTM(48), Dense(24, relu), Dense(3)",
                    run.Notes,
                    NotesPerS = Math.Round(run.NotesPerSecond, 1),
                    Gflops = Math.Round(run.Gflops, 2),
                    PercentOfOneCorePeak = Math.Round(100 * run.Gflops / peak.GflopsPerCore, 1),
                    FlopsPerNote = FlopCount.GenerationStep(config),
                    AllocatedBytes = run.AllocatedBytes,
                    run.Seconds,
                    Peer = peer is null ? null : new { Name = "pytorch", peer.Version, peer.Threads, GenerateNotesPerS = peer.GenerateNotesPerSecond, peer.Error },
                    SpeedupVsPeer = ratio is null ? (double?)null : Math.Round(ratio.Value, 2),
                    GenerateLoop = new
                    {
                        Notes = songNotes,
                        SampleNotesPerS = Math.Round(song.Sample, 1),
                        RoundNotesPerS = Math.Round(song.Round, 1),
                        SampleSpeedupVsPeer = peer is { Ran: true } ? Math.Round(song.Sample / peer.GenerateNotesPerSecond, 2) : (double?)null,
                        RoundSpeedupVsPeer = peer is { Ran: true } ? Math.Round(song.Round / peer.GenerateNotesPerSecond, 2) : (double?)null,
                    },
                });
                return 0;
            }
            stdout.WriteLine($"dl4m bench generate: {config.Describe()}, batch 1, one step at a time, output fed back");
            stdout.WriteLine(Dl4m.Nn.Kernels.KernelIsa.Describe());
            stdout.WriteLine($"{run.Notes:N0} notes in {run.Seconds:0.000} s: {run.NotesPerSecond:N0} notes/s, {run.Gflops:0.00} GFLOP/s ({FlopCount.GenerationStep(config):N0} FLOP per note, {100 * run.Gflops / peak.GflopsPerCore:0.0}% of one core's estimated peak), {run.AllocatedBytes:N0} bytes allocated");
            stdout.WriteLine($"the dl4m generate loop (step, note choice, noise, durations), {songNotes:N0} notes: sample mode {song.Sample:N0} notes/s, round mode {song.Round:N0} notes/s");
            if (peer is null) stdout.WriteLine("peer: skipped (--no-peer)");
            else if (!peer.Ran) stdout.WriteLine($"peer: did not run ({peer.Error})");
            else
            {
                stdout.WriteLine($"PyTorch {peer.Version} ({peer.Threads} thread(s)): {peer.GenerateNotesPerSecond:N0} notes/s; dl4m is {ratio:0.0}× faster");
                stdout.WriteLine($"  the generate loop: {song.Sample / peer.GenerateNotesPerSecond:0.0}× (sample), {song.Round / peer.GenerateNotesPerSecond:0.0}× (round)");
            }
            return 0;
        });
        return command;
    }

    private static int RunCategorical(TextWriter stdout, TextWriter stderr, int notes, bool asJson)
    {
        var config = CategoricalSongLoopBenchmark.Config;
        if (!asJson) stderr.WriteLine($"generating {notes:N0} notes with a categorical model, three ways…");
        var (sample, nucleus, beam4) = CategoricalSongLoopBenchmark.Run(notes);
        if (asJson)
        {
            JsonOutput.Print(stdout, new
            {
                Benchmark = "generate",
                Isa = Dl4m.Nn.Kernels.KernelIsa.Name(Dl4m.Nn.Kernels.KernelIsa.Current),
                Model = config.Describe(),
                InputSize = config.InputSize,
                Notes = notes,
                SampleNotesPerS = Math.Round(sample, 1),
                TopK40TopP09NotesPerS = Math.Round(nucleus, 1),
                Beam4NotesPerS = Math.Round(beam4, 1),
            });
            return 0;
        }
        stdout.WriteLine($"dl4m bench generate --model categorical: {config.Describe()} on {config.InputSize} one-hot inputs, batch 1, events fed back");
        stdout.WriteLine(Dl4m.Nn.Kernels.KernelIsa.Describe());
        stdout.WriteLine($"{notes:N0} notes: sampling (temperature 1) {sample:N0} notes/s, top-k 40 + top-p 0.9 {nucleus:N0} notes/s, beam 4 {beam4:N0} notes/s");
        return 0;
    }
}
