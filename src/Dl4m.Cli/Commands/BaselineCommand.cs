using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Dl4m.Evaluation.Baselines;

namespace Dl4m.Cli.Commands;

/// <summary>
/// `dl4m baseline &lt;data-dir&gt; --out &lt;dir&gt; --kind random|markov|copy [--count N] [--notes N] [--seed S] [--order n] [--json] [--force]`:
/// songs from the baselines a trained model must beat, learned from the dataset's train split.
/// </summary>
internal static class BaselineCommand
{
    public static Command Create()
    {
        var data = new Argument<string>("data-dir") { Description = "A dataset folder from dl4m prepare; the baseline learns from its train split." };
        var output = CommonOptions.Out("Folder to write the MIDI files into (must be empty or new, unless --force).");
        var kind = new Option<string>("--kind") { Description = "random (independent draws from the corpus's distributions), markov (order-n chain over events) or copy (excerpts of training songs).", Required = true };
        var count = new Option<int>("--count") { Description = "Songs to write.", DefaultValueFactory = _ => 100 };
        var notes = new Option<int>("--notes") { Description = "Notes per song.", DefaultValueFactory = _ => 200 };
        var seed = CommonOptions.Seed("Random seed: the same seed and dataset give the same files.", defaultValue: 1);
        var order = new Option<int>("--order") { Description = $"Markov order, 1 to {MarkovBaseline.MaxOrder} (markov only).", DefaultValueFactory = _ => 2 };
        var force = CommonOptions.Force("Replace the output folder if it exists and is not empty.");
        var json = CommonOptions.Json();
        var command = new Command("baseline", "Write songs from a baseline (random, Markov chain, or copied excerpts) learned from a dataset's train split.")
        {
            data, output, kind, count, notes, seed, order, force, json,
        };
        command.SetAction(parse =>
        {
            var options = new BaselineOptions
            {
                Kind = ParseKind(parse.GetValue(kind)!),
                Count = parse.GetValue(count),
                Notes = parse.GetValue(notes),
                Seed = parse.GetValue(seed),
                Order = parse.GetValue(order),
                Force = parse.GetValue(force),
            };
            return Run(parse.InvocationConfiguration.Output, parse.GetValue(data)!, parse.GetValue(output)!, options, parse.GetValue(json));
        });
        return command;
    }

    private static BaselineKind ParseKind(string text) => text.ToLowerInvariant() switch
    {
        "random" => BaselineKind.Random,
        "markov" => BaselineKind.Markov,
        "copy" => BaselineKind.Copy,
        _ => throw new Dl4mException($"--kind must be random, markov or copy, not '{text}'"),
    };

    private static int Run(TextWriter stdout, string dataFolder, string outputFolder, BaselineOptions options, bool json)
    {
        var clock = Stopwatch.StartNew();
        var files = BaselineGenerator.Write(dataFolder, outputFolder, options);
        double seconds = clock.Elapsed.TotalSeconds;
        string kind = options.Kind.ToString().ToLowerInvariant();
        if (json)
        {
            JsonOutput.Print(stdout, new
            {
                Kind = kind,
                Dataset = dataFolder,
                Output = Path.GetFullPath(outputFolder),
                options.Count,
                options.Notes,
                options.Seed,
                Order = options.Kind == BaselineKind.Markov ? options.Order : (int?)null,
                Files = files,
                Seconds = Math.Round(seconds, 3),
            });
        }
        else
        {
            string order = options.Kind == BaselineKind.Markov ? $" (order {options.Order})" : "";
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {files.Count:N0} {kind}{order} songs of {options.Notes:N0} notes to {outputFolder} in {seconds:F2} s (seed {options.Seed})"));
        }
        return 0;
    }
}
