using System.Runtime.InteropServices;
using System.Text;

namespace Dl4m.Midi;

/// <summary>
/// What `dl4m inspect` shows of a file: header, tracks, tempo map, time and key signatures, note-ons per channel,
/// duration and the reader's warnings. Times in seconds go through the tempo map (per track in format 2).
/// </summary>
public sealed record MidiFileSummary
{
    /// <summary>0, 1 or 2.</summary>
    public required int Format { get; init; }
    /// <summary>"1024 ticks per quarter note" or "SMPTE 25 fps, 40 ticks per frame".</summary>
    public required string Division { get; init; }
    /// <summary>Ticks per quarter note, or null for SMPTE division.</summary>
    public required int? TicksPerQuarter { get; init; }
    /// <summary>The tracks.</summary>
    public required IReadOnlyList<MidiTrackSummary> Tracks { get; init; }
    /// <summary>Tempo segments, the first at tick 0 (120 bpm when the file sets none there).</summary>
    public required IReadOnlyList<MidiTempoChange> TempoMap { get; init; }
    /// <summary>Time-signature events, in time order.</summary>
    public required IReadOnlyList<MidiTimeSignature> TimeSignatures { get; init; }
    /// <summary>Key-signature events, in time order.</summary>
    public required IReadOnlyList<MidiKeySignature> KeySignatures { get; init; }
    /// <summary>Note-ons with velocity above 0 per channel, numbered 1–16 as musicians do (10 is drums); channels without notes left out.</summary>
    public required IReadOnlyDictionary<int, long> NoteOnsPerChannel { get; init; }
    /// <summary>All note-ons with velocity above 0.</summary>
    public required long NoteOns { get; init; }
    /// <summary>All events of all tracks.</summary>
    public required long Events { get; init; }
    /// <summary>Tick of the last event of any track.</summary>
    public required long LastTick { get; init; }
    /// <summary>Seconds from the start to the last event of any track.</summary>
    public required double DurationSeconds { get; init; }
    /// <summary>What lenient reading repaired (empty for a clean file).</summary>
    public required IReadOnlyList<MidiWarning> Warnings { get; init; }

    /// <summary>Summarises a file.</summary>
    public static MidiFileSummary Of(MidiFile file)
    {
        bool independentTracks = file.Format == 2;
        var fileMap = independentTracks ? null : Midi.TempoMap.FromFile(file);
        var tracks = new List<MidiTrackSummary>();
        var tempos = new List<MidiTempoChange>();
        var times = new List<MidiTimeSignature>();
        var keys = new List<MidiKeySignature>();
        var perChannel = new long[16];
        long events = 0, lastTick = 0;
        double duration = 0;

        if (fileMap is not null) AddTempos(fileMap, null, tempos);
        for (int t = 0; t < file.Tracks.Count; t++)
        {
            var map = fileMap ?? Midi.TempoMap.ForTrack(file, t);
            if (fileMap is null) AddTempos(map, t, tempos);
            string? name = null;
            int noteOns = 0;
            var span = CollectionsMarshal.AsSpan(file.Tracks[t].Events);
            foreach (ref readonly var e in span)
            {
                if (e.IsNoteOn) { noteOns++; perChannel[e.Channel]++; }
                if (e.Type != MidiEventType.Meta || e.Payload is not { } p) continue;
                switch (e.MetaType)
                {
                    case MetaType.TrackName when name is null:
                        name = Encoding.Latin1.GetString(p);
                        break;
                    case MetaType.TimeSignature when p.Length >= 2:
                        times.Add(new MidiTimeSignature(e.Tick, map.Seconds(e.Tick), p[0], p[1] < 31 ? 1 << p[1] : 0, t));
                        break;
                    case MetaType.KeySignature when p.Length >= 2:
                        keys.Add(new MidiKeySignature(e.Tick, map.Seconds(e.Tick), (sbyte)p[0], p[1] == 1, KeySignatureNames.Name((sbyte)p[0], p[1]), t));
                        break;
                }
            }
            if (span.Length > 0)
            {
                long last = span[^1].Tick;
                lastTick = Math.Max(lastTick, last);
                duration = Math.Max(duration, map.Seconds(last));
            }
            events += span.Length;
            tracks.Add(new MidiTrackSummary(t, name, span.Length, noteOns));
        }

        var channels = new SortedDictionary<int, long>();
        for (int c = 0; c < 16; c++) if (perChannel[c] > 0) channels[c + 1] = perChannel[c];
        var division = file.Division;
        return new MidiFileSummary
        {
            Format = file.Format,
            Division = division.IsSmpte
                ? $"SMPTE {(division.SmpteFramesPerSecond == 29 ? "29.97" : division.SmpteFramesPerSecond)} fps, {division.TicksPerFrame} ticks per frame"
                : $"{division.TicksPerQuarter} ticks per quarter note",
            TicksPerQuarter = division.IsSmpte ? null : division.TicksPerQuarter,
            Tracks = tracks,
            TempoMap = tempos,
            TimeSignatures = [.. times.OrderBy(x => x.Seconds)],
            KeySignatures = [.. keys.OrderBy(x => x.Seconds)],
            NoteOnsPerChannel = channels,
            NoteOns = perChannel.Sum(),
            Events = events,
            LastTick = lastTick,
            DurationSeconds = duration,
            Warnings = file.Warnings,
        };
    }

    private static void AddTempos(TempoMap map, int? track, List<MidiTempoChange> into)
    {
        foreach (var (tick, tempo) in map.Changes)
            into.Add(new MidiTempoChange(tick, map.Seconds(tick), 60e6 / Math.Max(1, tempo), tempo, track));
    }
}
