using System.Text.Json;
using System.CommandLine;
using System.Globalization;
using Dl4m.Generation;

namespace Dl4m.Cli.Commands;

/// <summary>`dl4m generate MODEL --out song.mid`: writes new songs with a trained model (see docs/generate.md).</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var defaults = new GenerationOptions();
        var model = new Argument<string>("model-dir") { Description = "Model folder written by dl4m train." };
        var output = new Option<string>("--out", "-o") { Description = "MIDI file to write (with --count K: NAME-1.mid … NAME-K.mid).", DefaultValueFactory = _ => "song.mid" };
        var data = new Option<string?>("--data") { Description = "Dataset folder for the primer (default: the one recorded in train.json)." };
        var song = new Option<int?>("--song") { Description = "Dataset song index of the primer (default: a random validation song)." };
        var primer = new Option<string?>("--primer") { Description = "MIDI file whose first look-back events are the primer." };
        var notes = new Option<int>("--notes") { Description = "Notes to generate.", DefaultValueFactory = _ => defaults.Notes };
        var seconds = new Option<double?>("--seconds") { Description = "Generate this many seconds instead of --notes." };
        var mode = new Option<string>("--mode") { Description = "sample (note drawn around the prediction) or round (the original, deterministic).", DefaultValueFactory = _ => "sample" };
        mode.AcceptOnlyFromAmong("sample", "round");
        var context = new Option<string>("--context") { Description = "stateful (one step per note) or window (the original's sliding window).", DefaultValueFactory = _ => "stateful" };
        context.AcceptOnlyFromAmong("stateful", "window");
        var temperature = new Option<double>("--temperature") { Description = "Sample mode: p(n) ∝ exp(−NoteLoss(n − prediction)/T); 0 = round.", DefaultValueFactory = _ => defaults.Temperature };
        var seed = new Option<int?>("--seed") { Description = "Seed of every random choice (default: a random seed, printed)." };
        var range = new Option<string>("--range") { Description = "Allowed notes LOW-HIGH.", DefaultValueFactory = _ => "0-127" };
        var duration = new Option<string>("--duration") { Description = "legato, fixed:SECONDS or corpus (median of the dataset).", DefaultValueFactory = _ => "legato" };
        var bpm = new Option<double>("--bpm") { Description = "Tempo written in the file.", DefaultValueFactory = _ => 120 };
        var program = new Option<int>("--program") { Description = "General MIDI program 0–127.", DefaultValueFactory = _ => 0 };
        var png = new Option<bool>("--png") { Description = "Also write a piano roll NAME.png." };
        var wav = new Option<bool>("--wav") { Description = "Also render NAME.wav with FluidSynth." };
        var count = new Option<int>("--count") { Description = "Songs to write, in parallel.", DefaultValueFactory = _ => 1 };
        var force = new Option<bool>("--force") { Description = "Overwrite existing output files." };
        var json = CommonOptions.Json();
        var command = new Command("generate", "Write new songs with a trained model.")
        {
            model, output, data, song, primer, notes, seconds, mode, context, temperature, seed, range, duration, bpm, program, png, wav, count, force, json,
        };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var (low, high) = ParseRange(parse.GetValue(range)!);
            int seedValue = parse.GetValue(seed) ?? Random.Shared.Next();
            var request = new GenerationRequest
            {
                ModelFolder = parse.GetValue(model)!,
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
                    Seed = seedValue,
                    LowNote = low,
                    HighNote = high,
                    Duration = DurationRule.Parse(parse.GetValue(duration)!),
                },
                Bpm = parse.GetValue(bpm),
                Program = parse.GetValue(program),
                Png = parse.GetValue(png),
                Wav = parse.GetValue(wav),
                Count = parse.GetValue(count),
                Force = parse.GetValue(force),
            };
            bool asJson = parse.GetValue(json);
            var files = SongWriter.Run(request, line => Console.Error.WriteLine($"dl4m: {line}"));
            if (asJson) PrintJson(stdout, files);
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
            if (f.Png is not null) stdout.WriteLine($"{f.Png}: piano roll");
            if (f.Wav is not null) stdout.WriteLine($"{f.Wav}: audio");
        }
    }

    private static void PrintJson(TextWriter stdout, IReadOnlyList<GeneratedFile> files) => stdout.WriteLine(JsonSerializer.Serialize(new
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
        }),
        GenerationMs = Math.Round(files.Sum(f => f.Song.GenerationMilliseconds), 3),
    }, JsonOutput.Options));
}
