using System.Text.Json;
using System.CommandLine;
using System.Globalization;
using Dl4m.Families;
using Dl4m.Generation;
using Dl4m.Pipeline;
using Dl4m.Training;

namespace Dl4m.Cli.Commands;

/// <summary>`dl4m demo [--out demo] [--corpus DIR] [--model categorical|seed]`: prepare → train → generate on a corpus made in code (or a real folder).</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var defaults = new DemoOptions();
        var output = CommonOptions.Out("Folder to write (corpus/, dataset/, model/, song.mid, song.png, song.wav).", defaultValue: defaults.Output);
        var corpus = new Option<string?>("--corpus") { Description = "Run on this MIDI folder instead of the built-in corpus." };
        var songs = new Option<int>("--songs") { Description = "Tunes in the built-in corpus.", DefaultValueFactory = _ => defaults.Songs };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => defaults.Epochs };
        var seed = CommonOptions.Seed("Seed of the corpus, the weights and the song.", defaultValue: defaults.Seed);
        var model = new Option<string>("--model") { Description = "categorical (softmax heads over notes and time bins) or original (or seed: the original's regression model).", DefaultValueFactory = _ => "categorical" };
        model.AcceptOnlyFromAmong([.. ModelFamilies.AcceptedNames]);
        var loss = new Option<string?>("--loss") { Description = "--model original: training loss mse (default for the demo: keeps the register) or note." };
        loss.AcceptOnlyFromAmong("mse", "note");
        var threads = CommonOptions.Threads();
        var force = CommonOptions.Force("Replace the contents of an existing output folder.");
        var json = CommonOptions.Json();
        var command = new Command("demo", "Build a small corpus, train on it and write a song: the first thing to run.") { output, corpus, songs, model, epochs, seed, loss, threads, force, json };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            bool asJson = parse.GetValue(json);
            var kind = ModelFamilies.Parse(parse.GetValue(model)!).Kind;
            string? lossName = parse.GetValue(loss);
            if (lossName is not null && kind != ModelKind.Original) throw new Dl4mException($"--loss {lossName} applies to --model original only");
            var options = new DemoOptions
            {
                Output = parse.GetValue(output)!,
                Corpus = parse.GetValue(corpus),
                Songs = parse.GetValue(songs),
                Model = kind,
                Epochs = parse.GetValue(epochs),
                Seed = parse.GetValue(seed),
                Loss = lossName == "note" ? LossKind.Note : LossKind.Mse,
                Threads = parse.GetValue(threads),
                Force = parse.GetValue(force),
            };
            if (options.Epochs < 1) throw new Dl4mException($"--epochs {options.Epochs}: must be at least 1");
            string kindName = ModelFamilies.Of(kind).Name;
            var stderr = parse.InvocationConfiguration.Error;
            var r = DemoPipeline.Run(options, asJson ? null : line => stderr.WriteLine($"demo: {ParameterFlags.Replace(line)}"));
            if (asJson)
            {
                stdout.WriteLine(JsonSerializer.Serialize(new
                {
                    Command = "demo", r.Corpus, r.Dataset, r.Model, ModelKind = kindName, Song = r.Song.Midi, r.Song.Png, r.Song.Wav,
                    ValidationLoss = double.IsFinite(r.ValidationLoss) ? Math.Round(r.ValidationLoss, 5) : (double?)null,
                    ValidationNoteNll = r.NoteNll is { } nll ? Math.Round(nll, 5) : (double?)null,
                    GenerationMs = Math.Round(r.Song.Song.GenerationMilliseconds, 3), Seconds = Math.Round(r.Seconds, 2),
                }, JsonOutput.Options));
                return 0;
            }
            stdout.WriteLine($"corpus:  {r.Corpus}");
            stdout.WriteLine($"dataset: {r.Dataset}");
            stdout.WriteLine($"model:   {r.Model} ({kindName})");
            stdout.WriteLine($"song:    {r.Song.Midi}");
            if (r.Song.Png is not null) stdout.WriteLine($"roll:    {r.Song.Png}");
            if (r.Song.Wav is not null) stdout.WriteLine($"audio:   {r.Song.Wav}");
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done in {r.Seconds:F1} s. On your own MIDI folder:"));
            stdout.WriteLine("  dl4m prepare <your-midi-folder> --out data");
            stdout.WriteLine($"  dl4m train data --out model --model {kindName}");
            stdout.WriteLine("  dl4m generate model --out song.mid --png --wav");
            return 0;
        });
        return command;
    }
}
