using System.CommandLine;
using System.Text.Json;
using Dl4m.Midi;

namespace Dl4m.Cli.Commands;

/// <summary>
/// `dl4m bench parse DIR`: MB/s of MIDI parsed to events by our reader, on 1 thread and on all threads,
/// next to mido's MB/s on the same files in the same run (peer: ../shared/peers/mido_parse_bench.py).
/// </summary>
internal static class BenchParseCommand
{
    private const string PeerScriptName = "mido_parse_bench.py";

    public static Command Create()
    {
        var dir = new Argument<string>("dir") { Description = "Folder of MIDI files (.mid .midi .kar .rmi, any case), searched recursively." };
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var repeats = new Option<int>("--repeats") { Description = "Timed passes after one warm-up pass; the median is reported (and the best).", DefaultValueFactory = _ => 5 };
        var noPeer = new Option<bool>("--no-peer") { Description = "Do not run the mido peer." };
        var peerScript = new Option<string?>("--peer-script") { Description = $"Path of the peer script (default: ../shared/peers/{PeerScriptName} from the repository root)." };
        var command = new Command("parse", "MB/s of MIDI files parsed to events, ours (1 thread and all threads) next to mido's on the same files.")
        {
            dir, threads, json, repeats, noPeer, peerScript,
        };
        command.SetAction(parse => Run(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(dir)!, parse.GetValue(threads), parse.GetValue(json), parse.GetValue(repeats),
            parse.GetValue(noPeer), parse.GetValue(peerScript)));
        return command;
    }

    private static int Run(TextWriter output, TextWriter error, string dir, int threads, bool json, int repeats, bool noPeer, string? peerScript)
    {
        if (repeats < 1) throw new Dl4mException($"--repeats {repeats}: must be at least 1");
        if (!Directory.Exists(dir)) throw new Dl4mException($"{dir}: no such folder");
        var files = MidiFileFinder.FindPaths(dir);
        if (files.Count == 0) throw new Dl4mException($"{dir}: no MIDI files (.mid .midi .kar .rmi) below it");
        string? script = noPeer ? null : PeerScript.Locate(PeerScriptName, peerScript);

        Note(error, $"bench parse: {files.Count:N0} files; {repeats} timed passes after a warm-up, 1 thread and {threads} threads");
        long[] sizes = files.Select(f => new FileInfo(f).Length).ToArray();
        var single = ParseBenchmark.Time(() => ParseBenchmark.ReadAndParse(files, sizes, 1), repeats);
        var multi = ParseBenchmark.Time(() => ParseBenchmark.ReadAndParse(files, sizes, threads), repeats);
        var contents = files.Select(File.ReadAllBytes).ToArray();
        var parseOnly = ParseBenchmark.Time(() => ParseBenchmark.ParseOnly(contents, 1), repeats);
        var parseOnlyMulti = ParseBenchmark.Time(() => ParseBenchmark.ParseOnly(contents, threads), repeats);

        JsonElement? peer = null;
        if (script is not null)
        {
            Note(error, $"bench parse: running the peer {Path.GetFileName(script)} (mido, one pass)…");
            peer = PeerScript.Run(script, Path.GetFullPath(dir));
        }

        var tally = single.Tally;
        double megabytes = tally.Bytes / 1e6;
        var ours1 = Figures(1, megabytes, single);
        var oursN = Figures(threads, megabytes, multi);
        var oursParse = Figures(1, megabytes, parseOnly);
        var oursParseN = Figures(threads, megabytes, parseOnlyMulti);
        PeerFigures? mido = peer is { } p ? new PeerFigures(
            p.GetProperty("peer").GetString() ?? "mido", p.GetProperty("version").GetString() ?? "?",
            p.GetProperty("files").GetInt64(), p.GetProperty("failed").GetInt64(), p.GetProperty("note_ons").GetInt64(),
            p.GetProperty("megabytes").GetDouble(), p.GetProperty("seconds").GetDouble(), p.GetProperty("mb_per_s").GetDouble()) : null;

        var report = new
        {
            Dir = Path.GetFullPath(dir),
            Files = tally.Files,
            Megabytes = Math.Round(megabytes, 3),
            Events = tally.Events,
            NoteOns = tally.NoteOns,
            Unreadable = tally.Unreadable,
            Salvaged = tally.Salvaged,
            Repeats = repeats,
            Statistic = "median of the timed passes (best also given)",
            SingleThread = ours1,
            AllThreads = oursN,
            ParseOnlySingleThread = oursParse,
            ParseOnlyAllThreads = oursParseN,
            Peer = mido,
            RatioSingleThread = mido is null ? (double?)null : Math.Round(ours1.MbPerS / mido.MbPerS, 1),
            RatioAllThreads = mido is null ? (double?)null : Math.Round(oursN.MbPerS / mido.MbPerS, 1),
            RatioParseOnlySingleThread = mido is null ? (double?)null : Math.Round(oursParse.MbPerS / mido.MbPerS, 1),
            RatioParseOnlyAllThreads = mido is null ? (double?)null : Math.Round(oursParseN.MbPerS / mido.MbPerS, 1),
            NoteOnsAgreeWithPeer = mido is null ? (bool?)null : mido.NoteOns == tally.NoteOns && mido.Files == tally.Files,
        };
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(report, JsonOutput.Options));
            return 0;
        }
        output.WriteLine($"{report.Dir}: {tally.Files:N0} files, {megabytes:N3} MB, {tally.Events:N0} events, {tally.NoteOns:N0} note-ons (velocity > 0), {tally.Unreadable} unreadable, {tally.Salvaged} salvaged");
        output.WriteLine($"timed: {repeats} passes after a warm-up; MB/s of the median pass (of the best pass in brackets)");
        output.WriteLine($"  dl4m, files read and parsed, 1 thread:   {ours1.MbPerS,8:N1} MB/s ({ours1.MbPerSBest:N1})");
        output.WriteLine($"  dl4m, files read and parsed, {threads} threads:  {oursN.MbPerS,8:N1} MB/s ({oursN.MbPerSBest:N1})");
        output.WriteLine($"  dl4m, bytes in memory parsed, 1 thread:  {oursParse.MbPerS,8:N1} MB/s ({oursParse.MbPerSBest:N1})");
        output.WriteLine($"  dl4m, bytes in memory parsed, {threads} threads: {oursParseN.MbPerS,8:N1} MB/s ({oursParseN.MbPerSBest:N1})");
        if (mido is not null)
        {
            output.WriteLine($"  {mido.Name} {mido.Version}, files read and parsed, 1 pass: {mido.MbPerS:N3} MB/s ({mido.Seconds:N2} s, {mido.NoteOns:N0} note-ons, {mido.Failed} failed)");
            output.WriteLine($"ratio dl4m / {mido.Name}: read and parsed {report.RatioSingleThread:N0}x (1 thread), {report.RatioAllThreads:N0}x ({threads} threads); " +
                             $"parsed from memory {report.RatioParseOnlySingleThread:N0}x (1 thread), {report.RatioParseOnlyAllThreads:N0}x ({threads} threads)");
            output.WriteLine($"note-on counts {(report.NoteOnsAgreeWithPeer == true ? "agree with" : "DIFFER from")} {mido.Name}: {tally.NoteOns:N0} vs {mido.NoteOns:N0}");
        }
        return 0;
    }

    private static PassFigures Figures(int threads, double megabytes, (double Best, double Median, ParseTally Tally) timing) =>
        new(threads, Math.Round(timing.Median, 6), Math.Round(timing.Best, 6),
            Math.Round(megabytes / timing.Median, 1), Math.Round(megabytes / timing.Best, 1));

    private static void Note(TextWriter error, string line) => error.WriteLine(line);

    private sealed record PassFigures(int Threads, double SecondsMedian, double SecondsBest, double MbPerS, double MbPerSBest);

    private sealed record PeerFigures(string Name, string Version, long Files, long Failed, long NoteOns, double Megabytes, double Seconds, double MbPerS);
}
