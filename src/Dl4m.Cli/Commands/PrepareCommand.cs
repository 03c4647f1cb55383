using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dl4m.Cli.Progress;
using Dl4m.Data;
using Spectre.Console;

namespace Dl4m.Cli.Commands;

/// <summary>`dl4m prepare &lt;midi-dir&gt; --out &lt;data-dir&gt;`: a folder of MIDI files in, a training dataset out.</summary>
internal static class PrepareCommand
{
    /// <summary>Exit code after Ctrl+C (128 + SIGINT), as shells expect.</summary>
    private const int Interrupted = 130;

    public static Command Create()
    {
        var input = new Argument<string>("midi-dir") { Description = "Folder of MIDI files (.mid .midi .kar .rmi, any case), read recursively; first-level subfolders are labels." };
        var output = CommonOptions.Out("Dataset folder to write (manifest.json, songs.json, events.bin).");
        var drums = new Option<string>("--drums") { Description = "Channel 10 (GM drums): exclude or include.", DefaultValueFactory = _ => "exclude" };
        drums.AcceptOnlyFromAmong("exclude", "include");
        var split = new Option<string>("--split") { Description = "Train/validation/test percentages, chosen per file from a hash (see --group-by).", DefaultValueFactory = _ => "80/10/10" };
        var groupBy = new Option<string>("--group-by") { Description = "What places a file in a split: content (its bytes' hash) or name (its file name, case-insensitive, without extension: same-named files in different folders share a split).", DefaultValueFactory = _ => "content" };
        groupBy.AcceptOnlyFromAmong("content", "name");
        var force = CommonOptions.Force("Replace the output folder if it exists and is not empty.");
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();

        var command = new Command("prepare", "Turn a folder of MIDI files into a dataset: note events, splits, normalisation statistics.")
        {
            input, output, drums, split, groupBy, force, threads, json,
        };
        command.SetAction(parse =>
        {
            var options = new DatasetBuildOptions
            {
                IncludeDrums = parse.GetValue(drums) == "include",
                Split = SplitRatios.Parse(parse.GetValue(split)!),
                GroupBy = parse.GetValue(groupBy) == "name" ? SplitGrouping.Name : SplitGrouping.Content,
                Threads = parse.GetValue(threads),
                Force = parse.GetValue(force),
            };
            return Run(parse.InvocationConfiguration, parse.GetValue(input)!, parse.GetValue(output)!, options, parse.GetValue(json));
        });
        return command;
    }

    private static int Run(InvocationConfiguration io, string inputDir, string outputDir, DatasetBuildOptions options, bool json)
    {
        var builder = new DatasetBuilder(options);
        using var interrupt = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; interrupt.Cancel(); };
        Console.CancelKeyPress += onCancel;
        var clock = Stopwatch.StartNew();
        DatasetManifest manifest;
        try
        {
            manifest = LiveProgress.Run(LiveProgress.CanShow(json, io.Error), io.Error, "prepare", () => Snapshot(builder.Progress, clock.Elapsed),
                () => builder.Build(inputDir, outputDir, interrupt.Token));
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            io.Error.WriteLine($"dl4m: interrupted: no dataset was written to '{outputDir}'");
            return Interrupted;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
        double seconds = clock.Elapsed.TotalSeconds;
        string fullOutput = Path.GetFullPath(outputDir);
        if (json) PrintJson(io.Output, manifest, fullOutput, seconds);
        else PrintSummary(io.Output, manifest, fullOutput, seconds);
        return 0;
    }

    private static LiveProgress.Snapshot Snapshot(DatasetBuildProgress progress, TimeSpan elapsed)
    {
        long done = progress.Done, total = progress.Total;
        if (total < 0) return new(0, -1, "listing files…");
        double rate = done / Math.Max(elapsed.TotalSeconds, 1e-3);
        return new(done, total, string.Create(CultureInfo.InvariantCulture,
            $"{done:N0}/{total:N0} files · {rate:N0} files/s · {progress.Failed:N0} failed"));
    }

    /// <summary>The manifest (the song list is in songs.json, not here) plus where it went and how long it took.</summary>
    private static void PrintJson(TextWriter stdout, DatasetManifest manifest, string output, double seconds)
    {
        var node = JsonSerializer.SerializeToNode(manifest, DatasetJson.Compact)!.AsObject();
        node["output"] = output;
        node["seconds"] = Math.Round(seconds, 3);
        node["files_per_second"] = Math.Round(manifest.Counts.Files / Math.Max(seconds, 1e-6), 1);
        stdout.WriteLine(node.ToJsonString());
    }

    private static void PrintSummary(TextWriter stdout, DatasetManifest manifest, string output, double seconds)
    {
        // Fits 80 columns up to ten-million counts: no "parsed" column (files − failed), tight padding.
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("label").NoWrap().PadLeft(0).PadRight(2));
        foreach (var heading in new[] { "files", "salvaged", "failed", "dups", "songs", "note_ons", "events" })
            table.AddColumn(new TableColumn(heading).RightAligned().NoWrap().PadLeft(0).PadRight(2));
        foreach (var (label, counts) in manifest.Labels) table.AddRow(Row(Markup.Escape(label), counts));
        table.AddRow(Row("[bold]total[/]", manifest.Counts));
        // A console bound to the invocation's stdout; wide enough for the table when that is not a terminal.
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });
        if (!ReferenceEquals(stdout, Console.Out) || Console.IsOutputRedirected) console.Profile.Width = Math.Max(console.Profile.Width, 100);
        console.Write(table);

        var splits = manifest.Splits.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value.Songs:N0} songs / {s.Value.Events:N0} events"));
        stdout.WriteLine($"splits ({manifest.Options.Split}, by file {manifest.Options.GroupBy}): {string.Join(", ", splits)}");
        foreach (var failure in manifest.Failures.Take(5)) stdout.WriteLine($"failed: {failure.Path}: {failure.Reason}");
        if (manifest.Failures.Count > 5) stdout.WriteLine($"… and {manifest.Failures.Count - 5:N0} more failures listed in manifest.json");
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dataset written to {output} in {seconds:F2} s ({manifest.Counts.Files / Math.Max(seconds, 1e-6):N0} files/s)"));
    }

    private static string[] Row(string label, DatasetCounts c) =>
        [label, .. new[] { c.Files, c.Salvaged, c.Failed, c.Duplicates, c.Songs, c.NoteOns, c.Events }
            .Select(v => v.ToString("N0", CultureInfo.InvariantCulture))];
}
