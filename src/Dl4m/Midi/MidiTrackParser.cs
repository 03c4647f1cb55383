using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dl4m.Midi;

/// <summary>
/// Decodes the events of one MTrk body in a single forward pass over the file's bytes. Channel events are
/// stored as plain structs (no heap allocation); only meta and sysex payloads are copied to arrays.
/// Every read is bounded by <c>limit</c>, so damaged lengths never read past the data.
/// </summary>
internal static class MidiTrackParser
{
    private const int MaxVlqBytes = 4;

    /// <summary>
    /// Reads events from <paramref name="start"/> up to <paramref name="limit"/> (exclusive) into
    /// <paramref name="events"/>. Returns the offset after the last whole event read (the end-of-track event
    /// included), which is where damage began when the result is <see cref="MidiTrackEnd.Damaged"/>.
    /// </summary>
    public static int Parse(ReadOnlySpan<byte> d, int start, int limit, int trackIndex, List<MidiEvent> events,
        MidiProblemSink sink, out MidiTrackEnd end)
    {
        if ((uint)limit > (uint)d.Length || (uint)start > (uint)limit)
            throw new ArgumentOutOfRangeException(nameof(limit)); // a reader bug, never input: callers clamp to the data
        // Unchecked reads: every index below is compared with limit (<= d.Length) before it is read.
        ref byte data = ref MemoryMarshal.GetReference(d);

        // Events are written straight into the list's storage, which grows only if the estimate was short.
        int count = events.Count;
        int eventLimit = count + sink.RemainingEvents;
        CollectionsMarshal.SetCount(events, Math.Min(Math.Max(events.Capacity, count), eventLimit));
        var slots = CollectionsMarshal.AsSpan(events);

        int p = start;
        long tick = 0;
        int running = 0;                  // last channel status byte, 0 when none
        bool runningCancelledByMeta = false; // a meta/sysex came after it (the spec cancels running status)
        bool reportedRunningAfterMeta = false;
        try
        {
            while (true)
            {
                if (p >= limit) { end = MidiTrackEnd.OutOfBytes; return p; }
                if (count == slots.Length)
                {
                    if (count >= eventLimit)
                    {
                        sink.Report(MidiErrorKind.AbsurdSize, p, $"track {trackIndex}: more than {sink.Settings.MaxEvents:N0} events in the file", "rest not read");
                        end = MidiTrackEnd.EventLimit;
                        return p;
                    }
                    CollectionsMarshal.SetCount(events, (int)Math.Min(eventLimit, Math.Max(16L, 2L * count)));
                    slots = CollectionsMarshal.AsSpan(events);
                }
                int eventStart = p;

                // Delta time: a variable-length quantity of at most 4 bytes.
                int b = Unsafe.Add(ref data, p++);
                int delta = b & 0x7F;
                if (b >= 0x80)
                {
                    int length = 1;
                    do
                    {
                        if (p >= limit) return Truncated(sink, trackIndex, eventStart, "delta time", out end);
                        if (++length > MaxVlqBytes) return VlqTooLong(sink, trackIndex, p, "delta time", out end);
                        b = Unsafe.Add(ref data, p++);
                        delta = (delta << 7) | (b & 0x7F);
                    } while (b >= 0x80);
                }
                tick += delta;
                if (p >= limit) return Truncated(sink, trackIndex, eventStart, "event after its delta time", out end);

                int status = Unsafe.Add(ref data, p);
                if (status >= 0x80)
                {
                    p++;
                }
                else
                {
                    if (running == 0)
                    {
                        sink.Report(MidiErrorKind.BadStatusByte, p, $"track {trackIndex}: data byte 0x{status:X2} where a status byte should be (no running status)", "rest of track skipped");
                        end = MidiTrackEnd.Damaged;
                        return eventStart;
                    }
                    if (runningCancelledByMeta)
                    {
                        runningCancelledByMeta = false;
                        if (!reportedRunningAfterMeta)
                        {
                            reportedRunningAfterMeta = true;
                            sink.Report(MidiErrorKind.RunningStatusAfterMetaOrSysEx, p, $"track {trackIndex}: running status used after a meta or sysex event", $"kept status 0x{running:X2}");
                        }
                    }
                    status = running;
                }

                if (status < 0xF0)
                {
                    // Channel event: 8n..En. Cn and Dn carry one data byte, the others two.
                    running = status;
                    runningCancelledByMeta = false;
                    int kind = (status >> 4) - 8;
                    int size = kind is 4 or 5 ? 1 : 2;
                    if (limit - p < size) return Truncated(sink, trackIndex, eventStart, "channel event", out end);
                    int d1 = Unsafe.Add(ref data, p);
                    int d2 = size == 2 ? Unsafe.Add(ref data, p + 1) : 0;
                    if (((d1 | d2) & 0x80) != 0)
                    {
                        sink.Report(MidiErrorKind.BadDataByte, p, $"track {trackIndex}: data byte with its top bit set in event 0x{status:X2}", "masked to 7 bits");
                        d1 &= 0x7F;
                        d2 &= 0x7F;
                    }
                    p += size;
                    slots[count++] = new MidiEvent
                    {
                        Tick = tick, Type = (MidiEventType)kind, Channel = (byte)(status & 0x0F),
                        Data1 = (byte)d1, Data2 = (byte)d2,
                    };
                    continue;
                }

                if (status == 0xFF)
                {
                    if (p >= limit) return Truncated(sink, trackIndex, eventStart, "meta event", out end);
                    int metaAt = p - 1; // the FF byte
                    byte metaType = Unsafe.Add(ref data, p++);
                    int lengthAt = p;
                    int length = ReadLength(d, ref p, limit, out bool lengthOk);
                    if (!lengthOk) return BadLength(sink, d, trackIndex, eventStart, lengthAt, limit, "meta event", out end);
                    if (length > limit - p) return PayloadPastEnd(sink, d, trackIndex, eventStart, length, limit - p, "meta event", out end);
                    byte[] payload = length == 0 ? [] : d.Slice(p, length).ToArray();
                    p += length;
                    if (metaType is MetaType.SetTempo or MetaType.TimeSignature) TimingMetaCheck.Check(metaType, payload, trackIndex, metaAt, sink);
                    slots[count++] = new MidiEvent { Tick = tick, Type = MidiEventType.Meta, MetaType = metaType, Payload = payload };
                    if (running != 0) runningCancelledByMeta = true;
                    if (metaType == MetaType.EndOfTrack) { end = MidiTrackEnd.EndOfTrack; return p; }
                    continue;
                }

                if (status is 0xF0 or 0xF7)
                {
                    int lengthAt = p;
                    int length = ReadLength(d, ref p, limit, out bool lengthOk);
                    if (!lengthOk) return BadLength(sink, d, trackIndex, eventStart, lengthAt, limit, "sysex event", out end);
                    if (length > limit - p) return PayloadPastEnd(sink, d, trackIndex, eventStart, length, limit - p, "sysex event", out end);
                    byte[] payload = length == 0 ? [] : d.Slice(p, length).ToArray();
                    p += length;
                    var type = status == 0xF0 ? MidiEventType.SysEx : MidiEventType.SysExEscape;
                    slots[count++] = new MidiEvent { Tick = tick, Type = type, Payload = payload };
                    if (running != 0) runningCancelledByMeta = true;
                    continue;
                }

                // F1–F6 and F8–FE are system common / real-time messages, which have no place in a file.
                sink.Report(MidiErrorKind.BadStatusByte, p - 1, $"track {trackIndex}: status byte 0x{status:X2} is not allowed in a MIDI file", "rest of track skipped");
                end = MidiTrackEnd.Damaged;
                return eventStart;
            }
        }
        finally
        {
            CollectionsMarshal.SetCount(events, count); // drop the unused slots (exceptions included: strict mode)
            sink.RemainingEvents = Math.Max(0, eventLimit - count);
        }
    }

    /// <summary>Reads a length VLQ; false when it is cut off or longer than 4 bytes (p then points at the problem).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ReadLength(ReadOnlySpan<byte> d, ref int p, int limit, out bool ok)
    {
        int value = 0;
        for (int count = 0; count < MaxVlqBytes; count++)
        {
            if (p >= limit) { ok = false; return 0; }
            int b = d[p++];
            value = (value << 7) | (b & 0x7F);
            if (b < 0x80) { ok = true; return value; }
        }
        ok = false;
        return 0;
    }

    private static int Truncated(MidiProblemSink sink, int trackIndex, int eventStart, string what, out MidiTrackEnd end)
    {
        sink.Report(MidiErrorKind.TruncatedChunk, eventStart, $"track {trackIndex}: data ends inside a {what}", "rest of track lost");
        end = MidiTrackEnd.Damaged;
        return eventStart;
    }

    private static int VlqTooLong(MidiProblemSink sink, int trackIndex, int at, string what, out MidiTrackEnd end)
    {
        sink.Report(MidiErrorKind.VlqTooLong, at, $"track {trackIndex}: {what} longer than 4 bytes (above 2^28 - 1)", "rest of track skipped");
        end = MidiTrackEnd.Damaged;
        return at;
    }

    private static int BadLength(MidiProblemSink sink, ReadOnlySpan<byte> d, int trackIndex, int eventStart, int lengthAt,
        int limit, string what, out MidiTrackEnd end)
    {
        // Tell a length cut off by the end of the data from one with too many continuation bytes.
        int p = lengthAt;
        int n = 0;
        while (p < limit && n < MaxVlqBytes && d[p] >= 0x80) { p++; n++; }
        if (n >= MaxVlqBytes)
        {
            VlqTooLong(sink, trackIndex, lengthAt, $"length of a {what}", out end);
            return eventStart;
        }
        return Truncated(sink, trackIndex, eventStart, what, out end);
    }

    private static int PayloadPastEnd(MidiProblemSink sink, ReadOnlySpan<byte> d, int trackIndex, int eventStart, int length,
        int available, string what, out MidiTrackEnd end)
    {
        var kind = sink.SizeProblem((uint)length);
        sink.Report(kind, eventStart, $"track {trackIndex}: {what} declares {length:N0} bytes but only {available:N0} remain in the track", "rest of track lost");
        end = MidiTrackEnd.Damaged;
        return eventStart;
    }
}
