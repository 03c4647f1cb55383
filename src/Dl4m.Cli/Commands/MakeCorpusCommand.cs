using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Dl4m.Cli.Progress;
using Dl4m.Data;

namespace Dl4m.Cli.Commands;

/// <summary>
/// Hidden `dl4m make-corpus &lt;source-dir&gt; --out DIR --files N`: writes N distinct mutations of a small
/// corpus, to benchmark `prepare` at scale (tools/bench_prepare.sh). Not a user feature, so hidden.
/// </summary>
internal static class MakeCorpusCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("source-dir") { Description = "Folder of MIDI files to mutate." };
        var output = new Option<string>("--out", "-o") { Description = "Folder to create (must not exist or be empty).", Required = true };
        var files = new Option<int>("--files") { Description = "Number of files to write.", DefaultValueFactory = _ => 100_000 };
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var command = new Command("make-corpus", "Write a large benchmark corpus of distinct mutations of a MIDI folder.")
        {
            source, output, files, threads, json,
        };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            string outDir = parse.GetValue(output)!;
            int count = parse.GetValue(files);
            if (count < 1) throw new Dl4mException($"--files must be at least 1, got {count}");
            if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
                throw new Dl4mException($"output folder '{outDir}' exists and is not empty");
            long written = 0;
            var clock = Stopwatch.StartNew();
            long bytes = LiveProgress.Run(LiveProgress.CanShow(parse.GetValue(json)), "make-corpus",
                () => new LiveProgress.Snapshot(Interlocked.Read(ref written), count, $"{Interlocked.Read(ref written):N0}/{count:N0} files"),
                () => SyntheticCorpus.Build(parse.GetValue(source)!, outDir, count, parse.GetValue(threads), _ => Interlocked.Increment(ref written)));
            if (parse.GetValue(json))
                JsonOutput.Print(new { Output = Path.GetFullPath(outDir), Files = count, Bytes = bytes, Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3) });
            else
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {count:N0} files ({bytes / 1e6:F1} MB) to {Path.GetFullPath(outDir)} in {clock.Elapsed.TotalSeconds:F1} s"));
            return 0;
        });
        return command;
    }
}
