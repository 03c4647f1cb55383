using Dl4m.Midi;
using Dl4m.Music;

namespace Dl4m.Generation;

/// <summary>Turns generated notes into a type-1 Standard MIDI File.</summary>
public static class SongMidi
{
    /// <summary>Ticks per quarter note of the files written here.</summary>
    public const int TicksPerQuarter = 480;

    /// <summary>Tempo of a file when none is asked for (original models without --bpm).</summary>
    public const double DefaultBpm = 120;

    /// <summary>
    /// A type-1 file: track 0 holds the tempo (<paramref name="bpm"/>) and the time signature (<paramref name="meter"/>,
    /// 4/4 by default), track 1 the program change (<paramref name="program"/>, General MIDI 0–127) and every note's
    /// note-on and note-off on channel 0. Times are rounded to the nearest tick: 480 per quarter is a multiple of 12,
    /// so a note on the 1/12-beat grid lands on an exact tick (40 per step).
    /// </summary>
    /// <exception cref="Dl4mException">bpm, program or time signature out of range.</exception>
    public static MidiFile Create(IReadOnlyList<Note> notes, double bpm = DefaultBpm, int program = 0, (int Numerator, int Denominator)? meter = null)
    {
        var (numerator, denominator) = meter ?? (4, 4);
        if (numerator is < 1 or > 255 || denominator is not (1 or 2 or 4 or 8 or 16 or 32))
            throw new Dl4mException($"time signature {numerator}/{denominator}: numerator must be 1–255 and denominator a power of two up to 32");
        if (!(bpm >= 10 && bpm <= 400)) throw new Dl4mException($"GenerationRequest.Bpm {bpm}: must be between 10 and 400", "GenerationRequest.Bpm");
        if (program is < 0 or > 127) throw new Dl4mException($"GenerationRequest.Program {program}: must be a General MIDI program 0–127", "GenerationRequest.Program");
        int microsPerQuarter = (int)Math.Round(60_000_000 / bpm);
        var conductor = new MidiTrack(
        [
            MidiEvent.MetaEvent(0, MetaType.TrackName, "dl4m"u8.ToArray()),
            MidiEvent.MetaEvent(0, MetaType.SetTempo, [(byte)(microsPerQuarter >> 16), (byte)(microsPerQuarter >> 8), (byte)microsPerQuarter]),
            MidiEvent.MetaEvent(0, MetaType.TimeSignature, [(byte)numerator, (byte)int.Log2(denominator), 24, 8]),
        ]);
        double ticksPerSecond = TicksPerQuarter * bpm / 60.0;
        var timed = new List<(long Tick, int Order, MidiEvent Event)>(notes.Count * 2);
        foreach (var n in notes)
        {
            long on = (long)Math.Round(n.StartSeconds * ticksPerSecond);
            long off = Math.Max(on + 1, (long)Math.Round((n.StartSeconds + n.DurationSeconds) * ticksPerSecond));
            // at the same tick, note-offs go first so a repeated pitch is released before it sounds again
            timed.Add((on, 1, MidiEvent.ChannelEvent(on, MidiEventType.NoteOn, 0, n.Pitch, n.Velocity)));
            timed.Add((off, 0, MidiEvent.ChannelEvent(off, MidiEventType.NoteOff, 0, n.Pitch, 0)));
        }
        var events = new List<MidiEvent>(timed.Count + 2)
        {
            MidiEvent.MetaEvent(0, MetaType.TrackName, "melody"u8.ToArray()),
            MidiEvent.ChannelEvent(0, MidiEventType.ProgramChange, 0, program),
        };
        events.AddRange(timed.OrderBy(t => t.Tick).ThenBy(t => t.Order).Select(t => t.Event));
        // a note-off of an earlier, longer note may land after a later note-on of the same pitch: the writer
        // keeps it (many files do this); readers pair note-offs with the oldest sounding note of that pitch.
        return new MidiFile(1, TimeDivision.Ppq(TicksPerQuarter), [conductor, new MidiTrack(events)]);
    }
}
