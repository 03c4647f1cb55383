using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Dl4m.Cli.Progress;
using Dl4m.Data.Retiming;

namespace Dl4m.Cli.Commands;

/// <summary>
/// Hidden `dl4m retime &lt;source-dir&gt; --out DIR --tempo constant:A-B|rubato|keep [--ppq N|random] [--transpose N|random:K] [--seed S]`:
/// writes every MIDI file of a folder with its tempo map replaced (and optionally another resolution or key), the
/// same music in beats: test corpora for timing-robust models. Not a user feature, so hidden.
/// </summary>
internal static class RetimeCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("source-dir") { Description = "Folder of MIDI files to re-time (subfolders kept)." };
        var output = CommonOptions.Out("Folder to write (must not exist or be empty, unless --force).");
        var tempo = new Option<string>("--tempo") { Description = "keep, rubato (a tempo change every beat around a base of 60-180 bpm), or constant:MIN-MAX (one random tempo per file).", DefaultValueFactory = _ => "keep" };
        var ppq = new Option<string?>("--ppq") { Description = "Re-scale to N ticks per quarter note, or random among 192/384/480/960, when every tick maps exactly (else kept)." };
        var transpose = new Option<string?>("--transpose") { Description = "Shift every non-drum note by N semitones, or random:K (a whole number from -K to K per file); clamped to 0-127." };
        var seed = CommonOptions.Seed("Seed of every random choice.", defaultValue: 0);
        var threads = CommonOptions.Threads();
        var force = CommonOptions.Force("Replace the output folder if it exists and is not empty.");
        var json = CommonOptions.Json();
        var command = new Command("retime", "Write a folder of MIDI files again with another tempo map, resolution or key.")
        {
            source, output, tempo, ppq, transpose, seed, threads, force, json,
        };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            var options = RetimeOptions.Parse(parse.GetValue(tempo)!, parse.GetValue(ppq), parse.GetValue(transpose), parse.GetValue(seed));
            string outDir = parse.GetValue(output)!;
            int done = 0, total = 0;
            var clock = Stopwatch.StartNew();
            var stderr = parse.InvocationConfiguration.Error;
            var summary = LiveProgress.Run(LiveProgress.CanShow(parse.GetValue(json), stderr), stderr, "retime",
                () => new LiveProgress.Snapshot(Volatile.Read(ref done), Math.Max(1, Volatile.Read(ref total)), $"{Volatile.Read(ref done):N0} files"),
                () => RetimeCorpus.Run(parse.GetValue(source)!, outDir, options, parse.GetValue(threads), parse.GetValue(force), (n, all) => { Volatile.Write(ref total, all); Volatile.Write(ref done, n); }));
            var ppqCounts = summary.Written.GroupBy(c => c.Ppq?.ToString(CultureInfo.InvariantCulture) ?? "smpte")
                .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
            var bpms = summary.Written.Where(c => c.MinBpm is not null).ToList();
            double? slowest = bpms.Count > 0 ? bpms.Min(c => c.MinBpm) : null, fastest = bpms.Count > 0 ? bpms.Max(c => c.MaxBpm) : null;
            var o = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                o.WriteLine(System.Text.Json.JsonSerializer.Serialize(new
                {
                    Output = Path.GetFullPath(outDir), Files = summary.Written.Count, Failed = summary.Failures.Count,
                    Ppq = ppqCounts, MinBpm = slowest, MaxBpm = fastest, Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
                }, JsonOutput.Options));
            }
            else
            {
                var inv = CultureInfo.InvariantCulture;
                o.WriteLine(string.Create(inv, $"wrote {summary.Written.Count:N0} files to {Path.GetFullPath(outDir)} in {clock.Elapsed.TotalSeconds:F1} s ({summary.Failures.Count} unreadable, skipped)"));
                o.WriteLine("ticks per quarter note: " + string.Join(", ", ppqCounts.Select(kv => $"{kv.Key}: {kv.Value:N0}")));
                if (slowest is not null) o.WriteLine(string.Create(inv, $"tempi written: {slowest:0.#}-{fastest:0.#} bpm"));
                o.WriteLine($"per-file choices: {Path.Combine(Path.GetFullPath(outDir), RetimeCorpus.LogName)}");
            }
            return 0;
        });
        return command;
    }
}
