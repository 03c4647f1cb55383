using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dl4m.Evaluation;
using Spectre.Console;

namespace Dl4m.Cli.Commands;

/// <summary>
/// `dl4m evaluate &lt;file-or-dir&gt; [--reference &lt;midi-dir&gt;] [--json] [--report report.md] [--threads N]`:
/// per-song metrics of a set of MIDI files, their mean and spread, and with a reference set the overlap of the
/// two sets' distributions (Yang &amp; Lerch).
/// </summary>
internal static class EvaluateCommand
{
    // Like JsonOutput's options, but n/a values are written as null rather than left out.
    private static readonly JsonSerializerOptions Json = new(JsonOutput.Options) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public static Command Create()
    {
        var input = new Argument<string>("file-or-dir") { Description = "A MIDI file, or a folder of MIDI files (read recursively)." };
        var reference = new Option<string?>("--reference", "-r") { Description = "MIDI folder or file, or a dataset folder from dl4m prepare (its train songs), to compare against: means, spreads, overlapped area and KL divergence per metric." };
        var split = new Option<string>("--split") { Description = "When <file-or-dir> is a dataset folder: which split's songs to evaluate (train, validation or test).", DefaultValueFactory = _ => EvaluationInputs.ReferenceSplit };
        var report = new Option<string?>("--report") { Description = "Write a Markdown report to this path, with PNG plots next to it (named after it)." };
        var json = CommonOptions.Json();
        var threads = CommonOptions.Threads();
        var command = new Command("evaluate", "Measure MIDI files: MusPy's metrics and the original's five qualities, optionally against a reference set.")
        {
            input, reference, split, report, json, threads,
        };
        command.SetAction(parse => Run(parse.GetValue(input)!, parse.GetValue(split)!, parse.GetValue(reference), parse.GetValue(report), parse.GetValue(json), parse.GetValue(threads)));
        return command;
    }

    private static int Run(string inputPath, string split, string? referencePath, string? reportPath, bool json, int threads)
    {
        if (threads < 1) throw new Dl4mException($"--threads must be at least 1, not {threads}");
        var inputFiles = EvaluationInputs.Find(inputPath, split);
        var referenceFiles = referencePath is null ? null : EvaluatedSet.FindFiles(referencePath);

        var clock = Stopwatch.StartNew();
        var set = Measure(inputPath, inputFiles, threads, json);
        double seconds = clock.Elapsed.TotalSeconds;
        var referenceSet = referencePath is null ? null : Measure(referencePath, referenceFiles!, threads, json);
        var comparison = referenceSet is null ? null : SetComparison.Compare(set, referenceSet);
        // Memorisation: the longest pitch run each song shares with any reference song, as pitches and as intervals.
        var copyLengths = referenceSet is null ? null : CopyLengthIndex.Of(referenceSet).ForFiles(set);
        var transposedCopyLengths = referenceSet is null ? null : CopyLengthIndex.Of(referenceSet, transpositionInvariant: true).ForFiles(set);

        if (reportPath is not null) WriteReport(reportPath, set, referenceSet, comparison, copyLengths, transposedCopyLengths);
        if (json) Console.Out.WriteLine(JsonSerializer.Serialize(JsonResult(set, referenceSet, comparison, copyLengths, transposedCopyLengths, seconds), Json));
        else PrintTable(set, referenceSet, comparison, copyLengths, transposedCopyLengths, seconds, reportPath);
        return 0;
    }

    private static EvaluatedSet Measure(string name, List<string> files, int threads, bool json)
    {
        var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        bool live = !json && !Console.IsErrorRedirected && files.Count > 1;
        if (!live)
        {
            if (!json) Console.Error.WriteLine($"dl4m: evaluating {files.Count:N0} files in {name}");
            return EvaluatedSet.Evaluate(name, files, threads);
        }
        EvaluatedSet? result = null;
        stderr.Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask($"evaluating {Markup.Escape(name)}", maxValue: files.Count);
            int done = 0;
            var job = Task.Run(() => EvaluatedSet.Evaluate(name, files, threads, () => Interlocked.Increment(ref done)));
            while (!job.Wait(100)) task.Value = Volatile.Read(ref done);
            task.Value = files.Count;
            result = job.GetAwaiter().GetResult();
        });
        return result!;
    }

    private static void WriteReport(string path, EvaluatedSet set, EvaluatedSet? reference, SetComparison? comparison, int?[]? copyLengths, int?[]? transposedCopyLengths)
    {
        try
        {
            string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is not null) Directory.CreateDirectory(folder);
            // The PNGs go next to the report, named after it, and the report links them.
            var figures = EvaluationPlots.Write(path, set, reference);
            File.WriteAllText(path, EvaluationReport.Markdown(set, reference, comparison, figures, copyLengths, transposedCopyLengths));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Dl4mException($"{path}: cannot write the report: {e.Message}", e);
        }
    }

    private static void PrintTable(EvaluatedSet set, EvaluatedSet? reference, SetComparison? comparison, int?[]? copyLengths, int?[]? transposedCopyLengths, double seconds, string? reportPath)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("group");
        table.AddColumn("metric");
        table.AddColumn(new TableColumn("mean ± std").RightAligned());
        table.AddColumn(new TableColumn("n/a").RightAligned());
        if (comparison is not null)
        {
            table.AddColumn(new TableColumn("reference mean ± std").RightAligned());
            table.AddColumn(new TableColumn("OA").RightAligned());
            table.AddColumn(new TableColumn("KL").RightAligned());
        }
        string lastGroup = "";
        for (int i = 0; i < MetricCatalog.Count; i++)
        {
            var metric = MetricCatalog.All[i];
            if (comparison is null && i == MetricCatalog.PitchClassDistance) continue;
            string group = metric.Group == lastGroup ? "" : metric.Group;
            lastGroup = metric.Group;
            var summary = set.Summary(i);
            var cells = new List<string> { group, metric.Title, EvaluationReport.MeanStd(summary), summary.Missing.ToString(CultureInfo.InvariantCulture) };
            if (comparison is not null)
            {
                var c = comparison.Metrics[i];
                cells.AddRange([EvaluationReport.MeanStd(c.Reference), EvaluationReport.Number(c.OverlapArea), EvaluationReport.Number(c.KlDivergence)]);
            }
            table.AddRow(cells.Select(Markup.Escape).ToArray());
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected) console.Profile.Width = 160;
        console.Write(table);

        var keys = set.KeyCounts();
        if (keys.Count > 0) Console.WriteLine("keys: " + string.Join(", ", keys.Take(4).Select(k => $"{k.Key} {k.Songs}")));
        if (copyLengths is not null) Console.WriteLine("copy length (longest run of pitches shared with a reference song): " + CopyLengthText(copyLengths));
        if (transposedCopyLengths is not null) Console.WriteLine("copy length as intervals (a transposed copy counts): " + CopyLengthText(transposedCopyLengths));
        foreach (var failure in set.Files.Where(f => f.Error is not null).Take(5)) Console.WriteLine($"unreadable: {failure.Error}");
        string referenceNote = reference is null ? "" : string.Create(CultureInfo.InvariantCulture, $"; reference: {reference.Songs.Count:N0} of {reference.Files.Count:N0} files");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{set.Songs.Count:N0} of {set.Files.Count:N0} files measured in {seconds:F2} s ({set.Files.Count / Math.Max(seconds, 1e-6):N0} files/s){referenceNote}"));
        if (reportPath is not null) Console.WriteLine($"report written to {reportPath}");
    }

    private static string CopyLengthText(int?[] copyLengths)
    {
        var values = copyLengths.OfType<int>().Order().ToList();
        if (values.Count == 0) return "n/a";
        return string.Create(CultureInfo.InvariantCulture,
            $"{EvaluationReport.MeanStd(MetricSummary.Of(values.Select(v => (double?)v)))} notes, median {values[values.Count / 2]}, max {values[^1]}");
    }

    private static object JsonResult(EvaluatedSet set, EvaluatedSet? reference, SetComparison? comparison, int?[]? copyLengths, int?[]? transposedCopyLengths, double seconds) => new
    {
        Set = SetJson(set),
        CopyLength = CopyLengthJson(copyLengths),
        CopyLengthTransposed = CopyLengthJson(transposedCopyLengths),
        Reference = reference is null ? null : SetJson(reference),
        Comparison = comparison?.Metrics.ToDictionary(m => m.Metric.Key, m => new
        {
            m.OverlapArea,
            m.KlDivergence,
            m.IntraPairs,
            m.InterPairs,
            m.Sampled,
        }),
        Seconds = Math.Round(seconds, 3),
        FilesPerSecond = Math.Round(set.Files.Count / Math.Max(seconds, 1e-6), 1),
        Files = set.Files.Select((f, i) => new
        {
            f.Path,
            CopyLength = copyLengths?[i],
            CopyLengthTransposed = transposedCopyLengths?[i],
            f.Error,
            NoteCount = f.Metrics?.NoteCount,
            DrumNoteCount = f.Metrics?.DrumNoteCount,
            Key = f.Metrics?.Key,
            Metrics = f.Metrics is null ? null : Values(f.Metrics),
            ChordSizeCounts = f.Metrics?.ChordSizeCounts,
            PitchClassCounts = f.Metrics?.PitchClassCounts,
        }),
    };

    private static object? CopyLengthJson(int?[]? lengths) => lengths is null ? null : new
    {
        Summary = MetricSummary.Of(lengths.Where(v => v is not null).Select(v => (double?)v)),
        Max = lengths.Max(),
    };

    private static object SetJson(EvaluatedSet set) => new
    {
        set.Name,
        Files = set.Files.Count,
        Songs = set.Songs.Count,
        Unreadable = set.FailureCount,
        Notes = set.Songs.Sum(s => (long)s.NoteCount),
        Metrics = Enumerable.Range(0, MetricCatalog.Count).ToDictionary(i => MetricCatalog.All[i].Key, i => set.Summary(i)),
        PitchClassShares = set.PooledPitchClassShares(),
        ChordSizeShares = set.PooledChordSizeShares(),
        Keys = set.KeyCounts().ToDictionary(k => k.Key, k => k.Songs),
    };

    private static Dictionary<string, double?> Values(SongMetrics m) =>
        Enumerable.Range(0, MetricCatalog.Count).ToDictionary(i => MetricCatalog.All[i].Key, i => m.Values[i]);
}
