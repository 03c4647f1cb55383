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
        var output = CommonOptions.Out("Folder to write (must not exist or be empty, unless --force).");
        var files = new Option<int>("--files") { Description = "Number of files to write.", DefaultValueFactory = _ => 100_000 };
        var threads = CommonOptions.Threads();
        var force = CommonOptions.Force("Replace the output folder if it exists and is not empty.");
        var json = CommonOptions.Json();
        var command = new Command("make-corpus", "Write a large benchmark corpus of distinct mutations of a MIDI folder.")
        {
            source, output, files, threads, force, json,
        };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            var (stdout, stderr) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            string outDir = parse.GetValue(output)!;
            int count = parse.GetValue(files);
            if (count < 1) throw new Dl4mException($"--files must be at least 1, got {count}");
            long written = 0;
            var clock = Stopwatch.StartNew();
            long bytes = LiveProgress.Run(LiveProgress.CanShow(parse.GetValue(json), stderr), stderr, "make-corpus",
                () => new LiveProgress.Snapshot(Interlocked.Read(ref written), count, $"{Interlocked.Read(ref written):N0}/{count:N0} files"),
                () => SyntheticCorpus.Build(parse.GetValue(source)!, outDir, count, parse.GetValue(threads), parse.GetValue(force), _ => Interlocked.Increment(ref written)));
            if (parse.GetValue(json))
                JsonOutput.Print(stdout, new { Output = Path.GetFullPath(outDir), Files = count, Bytes = bytes, Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3) });
            else
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {count:N0} files ({bytes / 1e6:F1} MB) to {Path.GetFullPath(outDir)} in {clock.Elapsed.TotalSeconds:F1} s"));
            return 0;
        });
        return command;
    }
}
