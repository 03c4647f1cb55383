using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dl4m.Cli.Progress;
using Dl4m.Evaluation;
using Dl4m.IO;
using Dl4m.Midi;
using Spectre.Console;

namespace Dl4m.Cli.Commands;

/// <summary>
/// `dl4m evaluate &lt;file-or-dir&gt; [--reference &lt;midi-dir-or-dataset&gt; [--reference-split train|validation|test]] [--json]
/// [--report report.md] [--threads N]`: per-song metrics of a set of MIDI files, their mean and spread, and with a reference
/// set the overlap of the two sets' distributions (Yang &amp; Lerch) and copy lengths (memorisation). A dataset reference
/// compares with the chosen split, but copy lengths are always measured against its train split: copying is only
/// copying of what a model could have learned.
/// </summary>
internal static class EvaluateCommand
{
    // Like JsonOutput's options, but n/a values are written as null rather than left out.
    private static readonly JsonSerializerOptions Json = new(JsonOutput.Options) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public static Command Create()
    {
        var input = new Argument<string>("file-or-dir") { Description = "A MIDI file, or a folder of MIDI files (read recursively)." };
        var reference = new Option<string?>("--reference", "-r") { Description = "MIDI folder or file, or a dataset folder from dl4m prepare (the songs of --reference-split), to compare against: means, spreads, overlapped area and KL divergence per metric, and copy lengths." };
        var referenceSplit = new Option<string>("--reference-split") { Description = "When --reference is a dataset folder: the split to compare with (train, validation or test). Copy lengths are measured against its train split whatever this says.", DefaultValueFactory = _ => EvaluationInputs.ReferenceSplit };
        referenceSplit.AcceptOnlyFromAmong("train", "validation", "test");
        var split = new Option<string>("--split") { Description = "When <file-or-dir> is a dataset folder: which split's songs to evaluate (train, validation or test).", DefaultValueFactory = _ => EvaluationInputs.ReferenceSplit };
        var report = new Option<string?>("--report") { Description = "Write a Markdown report to this path, with PNG plots next to it (named after it)." };
        var force = CommonOptions.Force("Replace an existing report and its plots.");
        var json = CommonOptions.Json();
        var threads = CommonOptions.Threads();
        var command = new Command("evaluate", "Measure MIDI files: MusPy's metrics and the original's five qualities, optionally against a reference set.")
        {
            input, reference, referenceSplit, split, report, force, json, threads,
        };
        command.SetAction(parse =>
        {
            string? referencePath = parse.GetValue(reference);
            string? splitOfReference = parse.GetResult(referenceSplit) is { Implicit: false } ? parse.GetValue(referenceSplit) : null;
            var reportTarget = parse.GetValue(report) is { } reportPath ? new ReportTarget(reportPath, parse.GetValue(force)) : null;
            return Run(parse.InvocationConfiguration, parse.GetValue(input)!, parse.GetValue(split)!, referencePath, splitOfReference, reportTarget, parse.GetValue(json), parse.GetValue(threads));
        });
        return command;
    }

    /// <summary>The reference set, and the set copy lengths are measured against with a description of it.</summary>
    private sealed record References(EvaluatedSet Compared, string? Split, EvaluatedSet Copies, string CopyDescription);

    /// <summary>Where --report writes, and whether an existing report and its plots may be replaced.</summary>
    private sealed record ReportTarget(string Path, bool Force);

    private static int Run(InvocationConfiguration io, string inputPath, string split, string? referencePath, string? referenceSplit, ReportTarget? report, bool json, int threads)
    {
        if (report is not null) OutputFile.CheckNew(report.Path, report.Force); // before measuring anything: refuse at once
        bool referenceIsDataset = referencePath is not null && EvaluationInputs.IsDataset(referencePath);
        if (referenceSplit is not null && !referenceIsDataset)
            throw new Dl4mException(referencePath is null
                ? "--reference-split needs --reference <dataset-folder>"
                : $"--reference-split needs a dataset folder from dl4m prepare as --reference; '{referencePath}' is not one");
        var inputFiles = FindReportingSkips(io, inputPath, split);

        var clock = Stopwatch.StartNew();
        var set = Measure(io, inputPath, inputFiles, threads, json);
        double seconds = clock.Elapsed.TotalSeconds;
        var references = referencePath is null ? null : MeasureReferences(io, referencePath, referenceIsDataset, referenceSplit ?? EvaluationInputs.ReferenceSplit, threads, json);
        var referenceSet = references?.Compared;
        var comparison = referenceSet is null ? null : SetComparison.Compare(set, referenceSet);
        // Memorisation: the longest pitch run each song shares with any song it could have been learned from
        // (a dataset's train split, else the reference set), as pitches and as intervals.
        var copyLengths = references is null ? null : CopyLengthIndex.Of(references.Copies).ForFiles(set);
        var transposedCopyLengths = references is null ? null : CopyLengthIndex.Of(references.Copies, transpositionInvariant: true).ForFiles(set);

        if (report is not null) WriteReport(report, set, references, comparison, copyLengths, transposedCopyLengths);
        if (json) io.Output.WriteLine(JsonSerializer.Serialize(JsonResult(set, references, comparison, copyLengths, transposedCopyLengths, seconds), Json));
        else PrintTable(io.Output, set, references, comparison, copyLengths, transposedCopyLengths, seconds, report?.Path);
        return 0;
    }

    private static References MeasureReferences(InvocationConfiguration io, string referencePath, bool isDataset, string split, int threads, bool json)
    {
        if (!isDataset)
        {
            var plain = Measure(io, referencePath, FindReportingSkips(io, referencePath, EvaluationInputs.ReferenceSplit), threads, json);
            return new References(plain, null, plain, referencePath);
        }
        var compared = Measure(io, $"{referencePath} ({split} split)", EvaluationInputs.Find(referencePath, split), threads, json);
        var train = split == EvaluationInputs.ReferenceSplit
            ? compared
            : Measure(io, $"{referencePath} ({EvaluationInputs.ReferenceSplit} split)", EvaluationInputs.Find(referencePath, EvaluationInputs.ReferenceSplit), threads, json);
        return new References(compared, split, train, $"{EvaluationInputs.ReferenceSplit} split of {referencePath}");
    }

    /// <summary>The files of a path; what the folder walk could not follow (dangling links, loops) is named on stderr, never dropped silently.</summary>
    private static List<string> FindReportingSkips(InvocationConfiguration io, string path, string split)
    {
        var skipped = new List<SkippedPath>();
        var files = EvaluationInputs.Find(path, split, skipped);
        foreach (var s in skipped) io.Error.WriteLine($"dl4m: skipped {Path.Combine(path, s.Path)}: {s.Reason}");
        return files;
    }

    private static EvaluatedSet Measure(InvocationConfiguration io, string name, List<string> files, int threads, bool json)
    {
        bool live = LiveProgress.CanShow(json, io.Error) && files.Count > 1;
        if (!live)
        {
            if (!json) io.Error.WriteLine($"dl4m: evaluating {files.Count:N0} files in {name}");
            return EvaluatedSet.Evaluate(name, files, threads);
        }
        EvaluatedSet? result = null;
        LiveProgress.Bar(io.Error).Progress().AutoClear(true).Start(ctx =>
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

    private static void WriteReport(ReportTarget report, EvaluatedSet set, References? references, SetComparison? comparison, int?[]? copyLengths, int?[]? transposedCopyLengths)
    {
        var reference = references?.Compared;
        string path = report.Path;
        try
        {
            string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is not null) Directory.CreateDirectory(folder);
            // The PNGs go next to the report, named after it, and the report links them.
            var figures = EvaluationPlots.Write(path, set, reference, report.Force);
            OutputFile.WriteAllText(path, EvaluationReport.Markdown(set, reference, comparison, figures, copyLengths, transposedCopyLengths, references?.CopyDescription), report.Force, "report");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Dl4mException($"{path}: cannot write the report: {e.Message}", e);
        }
    }

    private static void PrintTable(TextWriter stdout, EvaluatedSet set, References? references, SetComparison? comparison, int?[]? copyLengths, int?[]? transposedCopyLengths, double seconds, string? reportPath)
    {
        var reference = references?.Compared;
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
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });
        if (!ReferenceEquals(stdout, Console.Out) || Console.IsOutputRedirected) console.Profile.Width = 160;
        console.Write(table);

        var keys = set.KeyCounts();
        if (keys.Count > 0) stdout.WriteLine("keys: " + string.Join(", ", keys.Take(4).Select(k => $"{k.Key} {k.Songs}")));
        if (copyLengths is not null) stdout.WriteLine($"copy length (longest run of pitches shared with a song of the {references!.CopyDescription}): " + CopyLengthText(copyLengths));
        if (transposedCopyLengths is not null) stdout.WriteLine("copy length as intervals (a transposed copy counts): " + CopyLengthText(transposedCopyLengths));
        foreach (var failure in set.Files.Where(f => f.Error is not null).Take(5)) stdout.WriteLine($"unreadable: {failure.Error}");
        string referenceNote = reference is null ? "" : string.Create(CultureInfo.InvariantCulture, $"; reference {reference.Name}: {reference.Songs.Count:N0} of {reference.Files.Count:N0} files");
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{set.Songs.Count:N0} of {set.Files.Count:N0} files measured in {seconds:F2} s ({set.Files.Count / Math.Max(seconds, 1e-6):N0} files/s){referenceNote}"));
        if (reportPath is not null) stdout.WriteLine($"report written to {reportPath}");
    }

    private static string CopyLengthText(int?[] copyLengths)
    {
        var values = copyLengths.OfType<int>().Order().ToList();
        if (values.Count == 0) return "n/a";
        return string.Create(CultureInfo.InvariantCulture,
            $"{EvaluationReport.MeanStd(MetricSummary.Of(values.Select(v => (double?)v)))} notes, median {values[values.Count / 2]}, max {values[^1]}");
    }

    private static object JsonResult(EvaluatedSet set, References? references, SetComparison? comparison, int?[]? copyLengths, int?[]? transposedCopyLengths, double seconds) => new
    {
        Set = SetJson(set),
        CopyReference = references?.CopyDescription,
        CopyLength = CopyLengthJson(copyLengths),
        CopyLengthTransposed = CopyLengthJson(transposedCopyLengths),
        ReferenceSplit = references?.Split,
        Reference = references is null ? null : SetJson(references.Compared),
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

    private static object? CopyLengthJson(int?[]? lengths)
    {
        if (lengths is null) return null;
        var values = lengths.OfType<int>().Order().ToList();
        return new
        {
            Summary = MetricSummary.Of(values.Select(v => (double?)v)),
            Median = values.Count == 0 ? (int?)null : values[values.Count / 2], // the upper median, as the text output prints
            Max = lengths.Max(),
        };
    }

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
