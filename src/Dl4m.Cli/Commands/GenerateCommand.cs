using System.Text.Json;
using System.CommandLine;
using System.Globalization;
using Dl4m.Families;
using Dl4m.Generation;
using Dl4m.Training;
using Dl4m.Music;

namespace Dl4m.Cli.Commands;

/// <summary>`dl4m generate MODEL --out song.mid`: writes new songs with a trained model (see docs/generate.md).</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var defaults = new GenerationOptions();
        var model = new Argument<string?>("model-dir")
        {
            Description = "Model folder written by dl4m train (default: the built-in model, trained on the Nottingham corpus).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var output = CommonOptions.Out("MIDI file to write (with --count K: NAME-1.mid … NAME-K.mid).", defaultValue: "song.mid");
        var data = new Option<string?>("--data") { Description = "Dataset folder for the primer (default: the one recorded in train.json)." };
        var song = new Option<int?>("--song") { Description = "Dataset song index of the primer (default: a random validation song)." };
        var primer = new Option<string?>("--primer") { Description = "MIDI file whose first look-back events are the primer." };
        var notes = new Option<int>("--notes") { Description = "Notes to generate.", DefaultValueFactory = _ => defaults.Notes };
        var seconds = new Option<double?>("--seconds") { Description = "Generate this many seconds instead of --notes." };
        var mode = new Option<string>("--mode") { Description = "sample (note drawn around the prediction) or round (the original, deterministic).", DefaultValueFactory = _ => "sample" };
        mode.AcceptOnlyFromAmong("sample", "round");
        var context = new Option<string>("--context") { Description = "stateful (one step per note) or window (the original's sliding window).", DefaultValueFactory = _ => "stateful" };
        context.AcceptOnlyFromAmong("stateful", "window");
        var temperature = new Option<double?>("--temperature")
        {
            Description = $"Original models: p(n) ∝ exp(−NoteLoss(n − prediction)/T), 0 = round [default {GenerationOptions.OriginalTemperature}]. "
                + $"Categorical models: softmax(logits/T) of every head, 0 = greedy [default {GenerationOptions.CategoricalTemperature}].",
        };
        var topK = new Option<int>("--top-k") { Description = "Categorical models: draw only among the K most likely classes of each head (0 = off).", DefaultValueFactory = _ => defaults.TopK };
        var topP = new Option<double>("--top-p") { Description = "Categorical models: draw only among the smallest set of most likely classes with mass ≥ P (1 = off).", DefaultValueFactory = _ => defaults.TopP };
        var beam = new Option<int>("--beam") { Description = "Categorical models: beam search with W beams over the note head (0 = off: sample).", DefaultValueFactory = _ => defaults.Beam };
        var label = new Option<string?>("--label") { Description = "Categorical models with labels: the label (first-level folder of the corpus) to write in." };
        var key = new Option<string?>("--key") { Description = "Transpose each song to this key, e.g. \"D major\" or \"B minor\" (to its relative key when the song's mode differs)." };
        var seed = CommonOptions.Seed("Seed of every random choice (default: a random seed, printed).");
        var range = new Option<string>("--range") { Description = "Allowed notes LOW-HIGH.", DefaultValueFactory = _ => "0-127" };
        var duration = new Option<string?>("--duration") { Description = "legato, fixed:SECONDS or corpus (median of the dataset) [original models: legato; categorical models: the learned durations]." };
        var bpm = new Option<double?>("--bpm") { Description = "Tempo written in the file [original models: 120; categorical models: the primer song's median tempo, else the corpus median]." };
        var program = new Option<int>("--program") { Description = "General MIDI program 0–127.", DefaultValueFactory = _ => 0 };
        var png = new Option<bool>("--png") { Description = "Also write a piano roll NAME.png." };
        var wav = new Option<bool>("--wav") { Description = "Also render NAME.wav with FluidSynth." };
        var count = new Option<int>("--count") { Description = "Songs to write, in parallel.", DefaultValueFactory = _ => 1 };
        var force = CommonOptions.Force("Overwrite existing output files.");
        var weights = new Option<string>("--weights") { Description = "Transformer models: fp32, or bf16 (rounded copies of the kernels, fp32 accumulation: about twice the steps/s, slightly different logits; see docs/transformer.md).", DefaultValueFactory = _ => "fp32" };
        weights.AcceptOnlyFromAmong("fp32", "bf16");
        var json = CommonOptions.Json();
        var command = new Command("generate", "Write new songs with a trained model.")
        {
            model, output, data, song, primer, notes, seconds, mode, context, temperature, topK, topP, beam, label, key, seed, range, duration, bpm, program, png, wav, count, force, weights, json,
        };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var (low, high) = ParseRange(parse.GetValue(range)!);
            int seedValue = CommonOptions.IsGiven(parse, seed) ? parse.GetValue(seed) : Random.Shared.Next();
            var request = new GenerationRequest
            {
                ModelFolder = parse.GetValue(model),
                Output = parse.GetValue(output)!,
                DataFolder = parse.GetValue(data),
                Song = parse.GetValue(song),
                PrimerFile = parse.GetValue(primer),
                Options = new GenerationOptions
                {
                    Notes = parse.GetValue(notes),
                    Seconds = parse.GetValue(seconds),
                    Mode = parse.GetValue(mode) == "round" ? GenerationMode.Round : GenerationMode.Sample,
                    Context = parse.GetValue(context) == "window" ? ContextMode.Window : ContextMode.Stateful,
                    Temperature = parse.GetValue(temperature),
                    TopK = parse.GetValue(topK),
                    TopP = parse.GetValue(topP),
                    Beam = parse.GetValue(beam),
                    Seed = seedValue,
                    LowNote = low,
                    HighNote = high,
                    Duration = parse.GetValue(duration) is { } rule ? DurationRule.Parse(rule) : null,
                },
                Bpm = parse.GetValue(bpm),
                Program = parse.GetValue(program),
                Png = parse.GetValue(png),
                Wav = parse.GetValue(wav),
                Count = parse.GetValue(count),
                Force = parse.GetValue(force),
                Label = parse.GetValue(label),
                Key = parse.GetValue(key) is { } keyName ? MusicalKey.Parse(keyName) : null,
                CachedWeights = parse.GetValue(weights) == "bf16" ? Dl4m.Nn.Transformer.CachedWeightFormat.Bf16 : Dl4m.Nn.Transformer.CachedWeightFormat.Fp32,
            };
            bool asJson = parse.GetValue(json);
            var stderr = parse.InvocationConfiguration.Error;
            var files = SongWriter.Run(request, line => stderr.WriteLine($"dl4m: {ParameterFlags.Replace(line)}"));
            if (asJson) PrintJson(stdout, files, request.Options);
            else Print(stdout, files);
            return 0;
        });
        return command;
    }

    internal static (int Low, int High) ParseRange(string text)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int low)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int high) && low <= high && high <= 127)
            return (low, high);
        throw new Dl4mException($"--range '{text}': expected LOW-HIGH with 0 ≤ LOW ≤ HIGH ≤ 127");
    }

    private static void Print(TextWriter stdout, IReadOnlyList<GeneratedFile> files)
    {
        foreach (var f in files)
        {
            var s = f.Song;
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{f.Midi}: {s.Notes.Count:N0} notes, {s.LengthSeconds:F1} s, seed {f.Seed}, primer {f.PrimerSource}{(s.PaddedEvents > 0 ? $" (padded with {s.PaddedEvents} copies of its first event)" : "")}, generation {s.GenerationMilliseconds:F1} ms"));
            if (f.Family == ModelKind.Categorical)
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  categorical: temperature {f.Temperature:G4}{(f.Label is null ? "" : $", label {f.Label}")}, mean ln p(note) {s.NoteLogProbability / Math.Max(1, s.Notes.Count):F3}{(s.PrimerShift != 0 ? $", primer moved {s.PrimerShift:+0;-0} semitones to the model's key" : "")}"));
            if (s.Meter is { } m)
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  tempo {m.Bpm:0.##} bpm ({f.TempoSource}), time signature {m.TimeSignature.Numerator}/{m.TimeSignature.Denominator}, onsets on the 1/{Dl4m.Categorical.BeatGrid.StepsPerBeat}-beat grid"));
            if (s.Key is { } k)
                stdout.WriteLine(k.Estimated is { } estimated
                    ? $"  key: {estimated} → {k.Result} ({k.Semitones:+0;-0;0} semitones; requested {k.Requested})"
                    : $"  key: no estimate (too few pitch classes), not transposed to {k.Requested}");
            if (f.Png is not null) stdout.WriteLine($"{f.Png}: piano roll");
            if (f.Wav is not null) stdout.WriteLine($"{f.Wav}: audio");
        }
    }

    private static void PrintJson(TextWriter stdout, IReadOnlyList<GeneratedFile> files, GenerationOptions options) => stdout.WriteLine(JsonSerializer.Serialize(new
    {
        Command = "generate",
        Songs = files.Select(f => new
        {
            f.Midi,
            f.Png,
            f.Wav,
            f.Seed,
            Primer = f.PrimerSource,
            PrimerEvents = f.Song.PrimerEvents,
            PaddedEvents = f.Song.PaddedEvents,
            Notes = f.Song.Notes.Count,
            Seconds = Math.Round(f.Song.LengthSeconds, 3),
            GenerationMs = Math.Round(f.Song.GenerationMilliseconds, 3),
            Model = ModelFamilies.Of(f.Family).Name,
            f.Temperature,
            f.Label,
            TopK = f.Family == ModelKind.Categorical ? options.TopK : (int?)null,
            TopP = f.Family == ModelKind.Categorical ? options.TopP : (double?)null,
            Beam = f.Family == ModelKind.Categorical ? options.Beam : (int?)null,
            NoteLogProbability = f.Song.NoteLogProbability is { } lp ? Math.Round(lp, 4) : (double?)null,
            MeanNoteLogProbability = f.Song.NoteLogProbability is { } sum ? Math.Round(sum / Math.Max(1, f.Song.Notes.Count), 4) : (double?)null,
            PrimerShift = f.Family == ModelKind.Categorical ? f.Song.PrimerShift : (int?)null,
            Bpm = f.Song.Meter is { } m ? Math.Round(m.Bpm, 3) : (double?)null,
            f.TempoSource,
            TimeSignature = f.Song.Meter is { } meter ? $"{meter.TimeSignature.Numerator}/{meter.TimeSignature.Denominator}" : null,
            Key = f.Song.Key is { } k ? new
            {
                Requested = k.Requested.ToString(),
                Estimated = k.Estimated?.ToString(),
                k.Semitones,
                Result = k.Result?.ToString(),
            } : null,
        }),
        GenerationMs = Math.Round(files.Sum(f => f.Song.GenerationMilliseconds), 3),
    }, JsonOutput.Options));
}
