using Dl4m.Midi;

namespace Dl4m.Evaluation.Baselines;

/// <summary>
/// Baseline notes as a MIDI file: format 1, 480 ticks per quarter, a conductor track (120 bpm, 4/4) and one note
/// track on channel 1 with a note-off for every note. At 120 bpm one second is 960 ticks, so the dataset's
/// seconds map to ticks exactly as far as a tick allows; every note lasts at least one tick.
/// </summary>
public static class BaselineSongWriter
{
    /// <summary>Ticks per quarter note of the files.</summary>
    public const int TicksPerQuarter = 480;

    /// <summary>Microseconds per quarter note (120 bpm).</summary>
    public const int MicrosecondsPerQuarter = 500_000;

    private const double TicksPerSecond = TicksPerQuarter * 1_000_000.0 / MicrosecondsPerQuarter;

    /// <summary>The MIDI file of a song.</summary>
    public static MidiFile ToMidi(IReadOnlyList<BaselineNote> notes)
    {
        var conductor = new List<MidiEvent>
        {
            MidiEvent.MetaEvent(0, MetaType.SetTempo, [(MicrosecondsPerQuarter >> 16) & 0xFF, (MicrosecondsPerQuarter >> 8) & 0xFF, MicrosecondsPerQuarter & 0xFF]),
            MidiEvent.MetaEvent(0, MetaType.TimeSignature, [4, 2, 24, 8]),
            MidiEvent.MetaEvent(0, MetaType.EndOfTrack, []),
        };
        var events = new List<MidiEvent>(notes.Count * 2);
        double onset = 0;
        long end = 0;
        foreach (var note in notes)
        {
            onset += note.DeltaSeconds;
            long on = (long)Math.Round(onset * TicksPerSecond);
            long off = Math.Max(on + 1, (long)Math.Round((onset + note.DurationSeconds) * TicksPerSecond));
            events.Add(MidiEvent.ChannelEvent(on, MidiEventType.NoteOn, 0, note.Pitch, note.Velocity));
            events.Add(MidiEvent.ChannelEvent(off, MidiEventType.NoteOff, 0, note.Pitch));
            end = Math.Max(end, off);
        }
        // Offs before ons on the same tick, so a repeated pitch is released before it sounds again; stable otherwise.
        var ordered = events.OrderBy(e => e.Tick).ThenBy(e => e.Type == MidiEventType.NoteOn ? 1 : 0).ToList();
        ordered.Add(MidiEvent.MetaEvent(end, MetaType.EndOfTrack, []));
        return new MidiFile(1, TimeDivision.Ppq(TicksPerQuarter), [new MidiTrack(conductor), new MidiTrack(ordered)]);
    }
}
