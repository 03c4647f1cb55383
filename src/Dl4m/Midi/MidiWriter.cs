using System.Buffers.Binary;
using Dl4m.IO;

namespace Dl4m.Midi;

/// <summary>
/// Writes a <see cref="MidiFile"/> as a Standard MIDI File: its format (0, 1 or 2) and division (PPQ or SMPTE),
/// one MTrk per track, an end-of-track added where a track lacks one. Running status is used by default
/// (smaller files; every reader supports it) and is restarted after meta and sysex events, as the specification says.
/// </summary>
public static class MidiWriter
{
    private const int MaxVlq = 0x0FFF_FFFF; // 4 bytes of 7 bits

    /// <summary>The file as bytes.</summary>
    /// <exception cref="Dl4mException">The file cannot be represented (decreasing ticks, data bytes above 127, …).</exception>
    public static byte[] Write(MidiFile file, bool runningStatus = true)
    {
        var buffer = new ByteBuffer(1024);
        Write(file, buffer, runningStatus);
        return buffer.ToArray();
    }

    /// <summary>
    /// Writes the file to disk through a temporary file in the same folder, renamed over the target at the end,
    /// so an interrupted or failed write never leaves a half file.
    /// </summary>
    public static void WriteFile(MidiFile file, string path, bool runningStatus = true)
    {
        AtomicFile.WriteAllBytes(path, Write(file, runningStatus), "MIDI file");
    }

    private static void Write(MidiFile file, ByteBuffer w, bool runningStatus)
    {
        if (file.Format is < 0 or > 2) throw Invalid($"format {file.Format} is not 0, 1 or 2");
        if (file.Tracks.Count > ushort.MaxValue) throw Invalid($"{file.Tracks.Count} tracks: a MIDI file holds at most 65,535");
        if (file.Format == 0 && file.Tracks.Count != 1) throw Invalid($"format 0 needs exactly 1 track, not {file.Tracks.Count}");

        var header = w.Reserve(14);
        "MThd"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], 6);
        BinaryPrimitives.WriteUInt16BigEndian(header[8..], (ushort)file.Format);
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], (ushort)file.Tracks.Count);
        BinaryPrimitives.WriteUInt16BigEndian(header[12..], DivisionWord(file.Division));
        w.Advance(14);

        for (int t = 0; t < file.Tracks.Count; t++)
        {
            var chunk = w.Reserve(8);
            "MTrk"u8.CopyTo(chunk);
            w.Advance(8);
            int lengthAt = w.Length - 4;
            int bodyStart = w.Length;
            WriteTrack(file.Tracks[t].Events, t, w, runningStatus);
            int length = w.Length - bodyStart;
            BinaryPrimitives.WriteUInt32BigEndian(w.Written[lengthAt..], (uint)length);
        }
    }

    private static ushort DivisionWord(TimeDivision division)
    {
        if (!division.IsSmpte)
        {
            if (division.TicksPerQuarter is < 1 or > 0x7FFF) throw Invalid($"{division.TicksPerQuarter} ticks per quarter note is outside 1..32767");
            return (ushort)division.TicksPerQuarter;
        }
        if (division.SmpteFramesPerSecond is < 1 or > 128 || division.TicksPerFrame is < 1 or > 255)
            throw Invalid($"SMPTE division {division.SmpteFramesPerSecond} fps × {division.TicksPerFrame} ticks cannot be written");
        return (ushort)(((byte)(sbyte)-division.SmpteFramesPerSecond << 8) | division.TicksPerFrame);
    }

    private static void WriteTrack(List<MidiEvent> events, int trackIndex, ByteBuffer w, bool runningStatus)
    {
        long previousTick = 0;
        int running = 0;
        bool endedProperly = false;
        for (int i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (endedProperly) throw Invalid($"track {trackIndex}: end-of-track at event {i - 1} is not the last event");
            long delta = e.Tick - previousTick;
            if (delta < 0) throw Invalid($"track {trackIndex}, event {i}: tick {e.Tick} comes before the previous event's {previousTick}");
            if (delta > MaxVlq) throw Invalid($"track {trackIndex}, event {i}: delta of {delta} ticks exceeds the 2^28 - 1 a file can hold");
            previousTick = e.Tick;
            WriteVlq(w, (int)delta);

            switch (e.Type)
            {
                case <= MidiEventType.PitchBend:
                {
                    if (e.Channel > 15) throw Invalid($"track {trackIndex}, event {i}: channel {e.Channel} is above 15");
                    if ((e.Data1 | e.Data2) > 127) throw Invalid($"track {trackIndex}, event {i}: data byte above 127");
                    int status = 0x80 | ((int)e.Type << 4) | e.Channel;
                    bool oneByte = e.Type is MidiEventType.ProgramChange or MidiEventType.ChannelPressure;
                    if (oneByte && e.Data2 != 0) throw Invalid($"track {trackIndex}, event {i}: {e.Type} has one data byte, but Data2 is {e.Data2}");
                    var span = w.Reserve(3);
                    int n = 0;
                    if (!runningStatus || status != running) span[n++] = (byte)status;
                    span[n++] = e.Data1;
                    if (!oneByte) span[n++] = e.Data2;
                    w.Advance(n);
                    running = runningStatus ? status : 0;
                    break;
                }
                case MidiEventType.Meta:
                    WriteByte(w, 0xFF);
                    WriteByte(w, e.MetaType);
                    WritePayload(w, e.Payload, trackIndex, i);
                    running = 0;
                    endedProperly = e.MetaType == MetaType.EndOfTrack;
                    break;
                case MidiEventType.SysEx or MidiEventType.SysExEscape:
                    WriteByte(w, e.Type == MidiEventType.SysEx ? (byte)0xF0 : (byte)0xF7);
                    WritePayload(w, e.Payload, trackIndex, i);
                    running = 0;
                    break;
                default:
                    throw Invalid($"track {trackIndex}, event {i}: unknown event type {(int)e.Type}");
            }
        }
        if (!endedProperly)
        {
            WriteVlq(w, 0);
            var span = w.Reserve(3);
            span[0] = 0xFF; span[1] = MetaType.EndOfTrack; span[2] = 0;
            w.Advance(3);
        }
    }

    private static void WritePayload(ByteBuffer w, byte[]? payload, int trackIndex, int eventIndex)
    {
        int length = payload?.Length ?? 0;
        if (length > MaxVlq) throw Invalid($"track {trackIndex}, event {eventIndex}: payload of {length:N0} bytes exceeds 2^28 - 1");
        WriteVlq(w, length);
        if (length > 0) w.Add(payload);
    }

    private static void WriteByte(ByteBuffer w, byte value) => w.Add(value);

    /// <summary>A variable-length quantity: 7 bits per byte, most significant first, top bit = more follows.</summary>
    internal static void WriteVlq(ByteBuffer w, int value)
    {
        var span = w.Reserve(4);
        int n = value < 1 << 7 ? 1 : value < 1 << 14 ? 2 : value < 1 << 21 ? 3 : 4;
        for (int i = n - 1; i >= 0; i--)
        {
            span[n - 1 - i] = (byte)(((value >> (7 * i)) & 0x7F) | (i > 0 ? 0x80 : 0));
        }
        w.Advance(n);
    }

    private static Dl4mException Invalid(string reason) => new($"cannot write MIDI file: {reason}");
}
