using Dl4m.Midi;

namespace Dl4m.Tests.Data;

/// <summary>
/// A stand-in file format for builder tests, independent of the real MIDI reader: "FAKE" then
/// (note, velocity) byte pairs, one note every beat lasting half a beat; "SALV" is the same but
/// reports a lenient-reading warning. Anything else is rejected like a non-MIDI file.
/// </summary>
internal static class FakeMidiParser
{
    public static byte[] Bytes(string magic, params (int Note, int Velocity)[] notes) =>
        [.. System.Text.Encoding.ASCII.GetBytes(magic), .. notes.SelectMany(n => new[] { (byte)n.Note, (byte)n.Velocity })];

    public static MidiFile Parse(ReadOnlySpan<byte> bytes)
    {
        bool salvaged = bytes.StartsWith("SALV"u8);
        if (!bytes.StartsWith("FAKE"u8) && !salvaged) throw new Dl4mException("no MThd header: not a MIDI file");
        var events = new List<MidiEvent>();
        for (int i = 4, k = 0; i + 1 < bytes.Length; i += 2, k++)
        {
            events.Add(MidiEvent.ChannelEvent(k * 480, MidiEventType.NoteOn, 0, bytes[i], bytes[i + 1]));
            events.Add(MidiEvent.ChannelEvent(k * 480 + 240, MidiEventType.NoteOff, 0, bytes[i]));
        }
        List<MidiWarning> warnings = salvaged ? [new MidiWarning(4, "test damage")] : [];
        return new MidiFile(0, TimeDivision.Ppq(480), [new MidiTrack(events)], warnings);
    }
}
