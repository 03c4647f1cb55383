namespace Dl4m.Midi;

/// <summary>
/// One event of a track, at an absolute tick. A small struct: channel events (the bulk of every file)
/// carry no heap data; only meta and sysex events own a <see cref="Payload"/>.
/// </summary>
public readonly record struct MidiEvent
{
    /// <summary>Absolute time in ticks from the start of the track.</summary>
    public long Tick { get; init; }

    /// <summary>What kind of event this is.</summary>
    public MidiEventType Type { get; init; }

    /// <summary>Channel 0–15 for channel events (channel 9 is General MIDI drums); 0 otherwise.</summary>
    public byte Channel { get; init; }

    /// <summary>First data byte of a channel event (note, controller, program, pressure, bend LSB).</summary>
    public byte Data1 { get; init; }

    /// <summary>Second data byte of a channel event (velocity, value, bend MSB); 0 if the event has one.</summary>
    public byte Data2 { get; init; }

    /// <summary>Meta event type (see <see cref="Midi.MetaType"/>) when <see cref="Type"/> is Meta.</summary>
    public byte MetaType { get; init; }

    /// <summary>Data of a meta or sysex event (without its length prefix); null for channel events.</summary>
    public byte[]? Payload { get; init; }

    /// <summary>True for a note-on with velocity above 0: a sounding note.</summary>
    public bool IsNoteOn => Type == MidiEventType.NoteOn && Data2 > 0;

    /// <summary>True for a note-off, including the common note-on with velocity 0.</summary>
    public bool IsNoteOff => Type == MidiEventType.NoteOff || (Type == MidiEventType.NoteOn && Data2 == 0);

    /// <summary>A channel event.</summary>
    public static MidiEvent ChannelEvent(long tick, MidiEventType type, int channel, int data1, int data2 = 0) =>
        new() { Tick = tick, Type = type, Channel = (byte)channel, Data1 = (byte)data1, Data2 = (byte)data2 };

    /// <summary>A meta event.</summary>
    public static MidiEvent MetaEvent(long tick, byte metaType, byte[] payload) =>
        new() { Tick = tick, Type = MidiEventType.Meta, MetaType = metaType, Payload = payload };

    /// <summary>Value equality including the payload bytes (records compare arrays by reference).</summary>
    public bool Equals(MidiEvent other) =>
        Tick == other.Tick && Type == other.Type && Channel == other.Channel && Data1 == other.Data1 &&
        Data2 == other.Data2 && MetaType == other.MetaType &&
        (Payload ?? []).AsSpan().SequenceEqual(other.Payload ?? []);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Tick, Type, Channel, Data1, Data2, MetaType, Payload?.Length ?? -1);
}
