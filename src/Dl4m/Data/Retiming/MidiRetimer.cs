using Dl4m.Midi;

namespace Dl4m.Data.Retiming;

/// <summary>
/// Rewrites one MIDI file with another tempo map, resolution or key, leaving the music in beats untouched: notes,
/// their order and every other event stay as they were (only ticks are re-scaled by an exact factor, set-tempo
/// events replaced, and non-drum pitches shifted). So Δtimes and durations in beats and bar positions are the
/// same in every version while times in seconds differ: the test material for a model that counts in beats.
/// <list type="bullet">
/// <item>Tempo: set-tempo events are removed from every track and new ones put in track 0 (formats 0 and 1) or in
/// each track (format 2, where each track has its own tempo map). Under SMPTE division ticks are seconds and
/// tempo does not drive the clock, so the tempo map is kept.</item>
/// <item>Resolution: ticks are multiplied by new/old ticks per quarter only when every tick of the file maps to a
/// whole tick (and no gap outgrows a MIDI delta); otherwise the file keeps its resolution.</item>
/// <item>Transposition: note-on, note-off and key pressure of every channel but 9 (General MIDI drums), clamped
/// into 0–127.</item>
/// </list>
/// </summary>
public static class MidiRetimer
{
    private const long MaxDelta = 0x0FFF_FFFF; // the largest delta a file can hold

    /// <summary>The re-timed copy of <paramref name="source"/>; <paramref name="rng"/> makes every random choice.</summary>
    public static MidiFile Apply(MidiFile source, RetimeOptions options, Random rng, string path, out RetimeChoice choice)
    {
        // Draw in a fixed order (resolution, transposition, tempo), so one option never shifts another's draws.
        var division = source.Division;
        List<MidiTrack> tracks = source.Tracks;
        int? ppq = division.IsSmpte ? null : division.TicksPerQuarter;
        if (!division.IsSmpte && options.Ppq.Count > 0)
        {
            var exact = options.Ppq.Where(p => p == division.TicksPerQuarter || MapsExactly(source, division.TicksPerQuarter, p)).ToList();
            if (exact.Count > 0)
            {
                int target = exact[options.Ppq.Count > 1 ? rng.Next(exact.Count) : 0];
                if (target != division.TicksPerQuarter) tracks = Rescale(tracks, division.TicksPerQuarter, target);
                ppq = target;
                division = TimeDivision.Ppq(target);
            }
        }
        int transpose = options.TransposeRange > 0 ? rng.Next(-options.TransposeRange, options.TransposeRange + 1) : options.Transpose;
        if (transpose != 0) tracks = Transpose(tracks, transpose);

        var result = new MidiFile(source.Format, division, tracks);
        string tempoName = "keep";
        double? bpm = null, minBpm = null, maxBpm = null;
        int? tempoEvents = null;
        if (options.Tempo != RetimeTempo.Keep && !division.IsSmpte)
        {
            double draw = rng.NextDouble();
            double baseBpm = options.Tempo == RetimeTempo.Constant
                ? options.MinBpm + draw * (options.MaxBpm - options.MinBpm)
                : RubatoTempo.MinBase + draw * (RubatoTempo.MaxBase - RubatoTempo.MinBase);
            var newTracks = new List<MidiTrack>(tracks.Count);
            var all = new List<(long Tick, int Tempo)>();
            bool perTrack = source.Format == 2;
            long fileEnd = LastTick(tracks, 0, tracks.Count);
            for (int t = 0; t < tracks.Count; t++)
            {
                List<(long Tick, int Tempo)> tempi = [];
                if (perTrack || t == 0)
                {
                    long end = perTrack ? LastTick(tracks, t, 1) : fileEnd;
                    tempi = options.Tempo == RetimeTempo.Constant
                        ? [(0, (int)Math.Round(60e6 / baseBpm))]
                        : RubatoTempo.Generate(baseBpm, division.TicksPerQuarter, end, Bars(result, t, perTrack), rng);
                    all.AddRange(tempi);
                }
                newTracks.Add(ReplaceTempo(tracks[t], tempi));
            }
            result = new MidiFile(source.Format, division, newTracks);
            tempoName = options.Tempo == RetimeTempo.Constant ? "constant" : "rubato";
            bpm = Math.Round(baseBpm, 3);
            minBpm = Math.Round(all.Min(x => 60e6 / x.Tempo), 3);
            maxBpm = Math.Round(all.Max(x => 60e6 / x.Tempo), 3);
            tempoEvents = all.Count;
        }
        choice = new RetimeChoice(path, ppq, division.IsSmpte ? null : source.Division.TicksPerQuarter, tempoName, bpm, minBpm, maxBpm, tempoEvents, transpose);
        return result;
    }

    private static TimeSignatureMap Bars(MidiFile file, int track, bool perTrack)
    {
        // Bars in ticks: the tempo map does not move them under PPQ division, so the default one serves.
        var tempo = perTrack ? TempoMap.ForTrack(file, track) : TempoMap.FromFile(file);
        return perTrack ? TimeSignatureMap.ForTrack(file, track, tempo) : TimeSignatureMap.FromFile(file, tempo);
    }

    private static long LastTick(List<MidiTrack> tracks, int first, int count)
    {
        long last = 0;
        for (int t = first; t < first + count; t++)
            if (tracks[t].Events.Count > 0) last = Math.Max(last, tracks[t].Events[^1].Tick);
        return last;
    }

    /// <summary>True when every tick × <paramref name="to"/> / <paramref name="from"/> is whole and no gap outgrows a delta.</summary>
    public static bool MapsExactly(MidiFile file, int from, int to)
    {
        foreach (var track in file.Tracks)
        {
            long previous = 0;
            foreach (var e in track.Events)
            {
                Int128 scaled = (Int128)e.Tick * to;
                if (scaled % from != 0) return false;
                long tick = (long)(scaled / from);
                if (tick - previous > MaxDelta) return false;
                previous = tick;
            }
        }
        return true;
    }

    private static List<MidiTrack> Rescale(List<MidiTrack> tracks, int from, int to)
    {
        var result = new List<MidiTrack>(tracks.Count);
        foreach (var track in tracks)
        {
            var events = new List<MidiEvent>(track.Events.Count);
            foreach (var e in track.Events) events.Add(e with { Tick = (long)((Int128)e.Tick * to / from) });
            result.Add(new MidiTrack(events));
        }
        return result;
    }

    private static List<MidiTrack> Transpose(List<MidiTrack> tracks, int semitones)
    {
        var result = new List<MidiTrack>(tracks.Count);
        foreach (var track in tracks)
        {
            var events = new List<MidiEvent>(track.Events.Count);
            foreach (var e in track.Events)
            {
                bool pitched = e.Type is MidiEventType.NoteOn or MidiEventType.NoteOff or MidiEventType.PolyPressure &&
                               e.Channel != NoteEventExtractor.DrumChannel;
                events.Add(pitched ? e with { Data1 = (byte)Math.Clamp(e.Data1 + semitones, 0, 127) } : e);
            }
            result.Add(new MidiTrack(events));
        }
        return result;
    }

    /// <summary>
    /// The track without its set-tempo events and with <paramref name="tempi"/> (ascending ticks) merged in, each
    /// before the other events at its tick; the end-of-track moves, if needed, to stay the last event.
    /// </summary>
    private static MidiTrack ReplaceTempo(MidiTrack track, List<(long Tick, int Tempo)> tempi)
    {
        var events = new List<MidiEvent>(track.Events.Count + tempi.Count);
        int next = 0;
        MidiEvent? endOfTrack = null;
        foreach (var e in track.Events)
        {
            if (e is { Type: MidiEventType.Meta, MetaType: MetaType.SetTempo }) continue;
            if (e is { Type: MidiEventType.Meta, MetaType: MetaType.EndOfTrack }) { endOfTrack = e; continue; }
            for (; next < tempi.Count && tempi[next].Tick <= e.Tick; next++) events.Add(TempoEvent(tempi[next]));
            events.Add(e);
        }
        for (; next < tempi.Count; next++) events.Add(TempoEvent(tempi[next]));
        if (endOfTrack is { } end)
            events.Add(end with { Tick = Math.Max(end.Tick, events.Count > 0 ? events[^1].Tick : 0) });
        return new MidiTrack(events);
    }

    private static MidiEvent TempoEvent((long Tick, int Tempo) t) =>
        MidiEvent.MetaEvent(t.Tick, MetaType.SetTempo, [(byte)(t.Tempo >> 16), (byte)(t.Tempo >> 8), (byte)t.Tempo]);
}
