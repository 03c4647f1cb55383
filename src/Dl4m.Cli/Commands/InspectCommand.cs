using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Dl4m.Midi;

namespace Dl4m.Cli.Commands;

/// <summary>
/// `dl4m inspect FILE`: what is in one MIDI file, and what lenient reading had to repair; on a dataset folder from
/// dl4m prepare, how it was built and what it holds.
/// </summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A MIDI file (.mid .midi .kar .rmi, or any SMF / RIFF RMID data), or a dataset folder from dl4m prepare." };
        var json = CommonOptions.Json();
        var strict = new Option<bool>("--strict") { Description = "Fail on the first problem instead of repairing it (exit 1, one line naming byte offset and reason)." };
        var command = new Command("inspect", "Show a MIDI file's header, tracks, tempo map, time and key signatures, notes per channel, duration and repairs (or a dataset folder's options and counts).")
        {
            file, json, strict,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file)!;
            if (Directory.Exists(path))
            {
                if (!DatasetInspection.IsDataset(path)) throw new Dl4mException($"{path}: is a folder, neither a MIDI file nor a dataset folder (no manifest.json)");
                DatasetInspection.Print(parse.InvocationConfiguration.Output, path, parse.GetValue(json));
                return 0;
            }
            var midi = MidiReader.ReadFile(path, parse.GetValue(strict) ? MidiReadSettings.Strict : MidiReadSettings.Lenient);
            var summary = MidiFileSummary.Of(midi);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
                output.WriteLine(JsonSerializer.Serialize(ToJson(path, summary), JsonOutput.Options));
            else
                PrintText(output, path, summary);
            return 0;
        });
        return command;
    }

    private static object ToJson(string path, MidiFileSummary s) => new
    {
        File = path,
        s.Format,
        Tracks = s.Tracks.Count,
        s.Division,
        s.TicksPerQuarter,
        DurationSeconds = Math.Round(s.DurationSeconds, 6),
        s.LastTick,
        s.Events,
        s.NoteOns,
        NoteOnsPerChannel = s.NoteOnsPerChannel.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value),
        TrackList = s.Tracks.Select(t => new { t.Index, t.Name, t.Events, t.NoteOns }),
        TempoMap = s.TempoMap.Select(t => new { t.Tick, Seconds = Math.Round(t.Seconds, 6), Bpm = Math.Round(t.Bpm, 3), t.MicrosecondsPerQuarter, t.Track }),
        TimeSignatures = s.TimeSignatures.Select(t => new { t.Tick, Seconds = Math.Round(t.Seconds, 6), t.Text, t.Track }),
        KeySignatures = s.KeySignatures.Select(k => new { k.Tick, Seconds = Math.Round(k.Seconds, 6), k.Name, k.Track }),
        Warnings = s.Warnings.Select(w => new { w.Offset, Kind = w.Kind?.ToString(), w.Reason }),
    };

    private static void PrintText(TextWriter o, string path, MidiFileSummary s)
    {
        var inv = CultureInfo.InvariantCulture;
        o.WriteLine($"{path}: format {s.Format}, {s.Tracks.Count} track{(s.Tracks.Count == 1 ? "" : "s")}, {s.Division}");
        o.WriteLine(string.Create(inv, $"duration {s.DurationSeconds:0.000} s (last event at tick {s.LastTick}), {s.Events} events, {s.NoteOns} note-ons"));
        o.WriteLine("tracks:");
        foreach (var t in s.Tracks)
            o.WriteLine($"  {t.Index,3}  {(t.Name is null ? "(no name)" : $"\"{t.Name}\""),-28} {t.Events,7} events {t.NoteOns,7} note-ons");
        o.WriteLine("tempo map:");
        foreach (var t in s.TempoMap)
            o.WriteLine(string.Create(inv, $"  tick {t.Tick,8}  {t.Seconds,10:0.000} s  {t.Bpm,8:0.00} bpm{(t.Track is int k ? $"  (track {k})" : "")}"));
        o.WriteLine(s.TimeSignatures.Count == 0 ? "time signatures: none" : "time signatures:");
        foreach (var t in s.TimeSignatures)
            o.WriteLine(string.Create(inv, $"  tick {t.Tick,8}  {t.Seconds,10:0.000} s  {t.Text}"));
        o.WriteLine(s.KeySignatures.Count == 0 ? "key signatures: none" : "key signatures:");
        foreach (var k in s.KeySignatures)
            o.WriteLine(string.Create(inv, $"  tick {k.Tick,8}  {k.Seconds,10:0.000} s  {k.Name}"));
        o.WriteLine(s.NoteOnsPerChannel.Count == 0
            ? "note-ons per channel: none"
            : "note-ons per channel (1-16, 10 = drums): " + string.Join(", ", s.NoteOnsPerChannel.Select(kv => $"{kv.Key}: {kv.Value}")));
        o.WriteLine(s.Warnings.Count == 0 ? "warnings: none" : $"warnings ({s.Warnings.Count}, lenient reading repaired the file):");
        foreach (var w in s.Warnings) o.WriteLine($"  {w}");
    }
}
