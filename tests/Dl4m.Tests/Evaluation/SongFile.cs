using Dl4m.Midi;

namespace Dl4m.Tests.Evaluation;

/// <summary>Builds small MIDI files in memory from notes, so metric tests state exactly what they measure.</summary>
internal static class SongFile
{
    public const int Tpq = 480;

    /// <summary>A note on a channel, in ticks.</summary>
    public readonly record struct Note(int Pitch, long On, long Off, int Channel = 0, int Velocity = 90);

    /// <summary>Notes in beats (480 ticks each) on channel 0.</summary>
    public static Note Beats(int pitch, double on, double off) => new(pitch, (long)(on * Tpq), (long)(off * Tpq));

    /// <summary>A format 0 file with the notes, optional time signatures (tick, numerator, denominator) first.</summary>
    public static MidiFile Of(IEnumerable<Note> notes, params (long Tick, int Numerator, int Denominator)[] signatures)
    {
        var events = new List<MidiEvent>();
        foreach (var (tick, num, den) in signatures)
            events.Add(MidiEvent.MetaEvent(tick, MetaType.TimeSignature, [(byte)num, (byte)Math.Log2(den), 24, 8]));
        foreach (var n in notes)
        {
            events.Add(MidiEvent.ChannelEvent(n.On, MidiEventType.NoteOn, n.Channel, n.Pitch, n.Velocity));
            events.Add(MidiEvent.ChannelEvent(n.Off, MidiEventType.NoteOff, n.Channel, n.Pitch));
        }
        // Offs before ons at the same tick, as a sequencer writes them; the sort is stable otherwise.
        var ordered = events.OrderBy(e => e.Tick).ThenBy(e => e.Type == MidiEventType.NoteOn ? 1 : 0).ToList();
        return new MidiFile(0, TimeDivision.Ppq(Tpq), [new MidiTrack(ordered)]);
    }

    public static MidiFile Of(params Note[] notes) => Of(notes, []);

    /// <summary>Writes the file to disk.</summary>
    public static string Write(string folder, string name, MidiFile file)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllBytes(path, MidiWriter.Write(file));
        return path;
    }
}
