namespace Dl4m.Midi;

/// <summary>The kind of a <see cref="MidiEvent"/>, as written in a Standard MIDI File track.</summary>
public enum MidiEventType : byte
{
    /// <summary>8n: note off (Data1 = note, Data2 = release velocity).</summary>
    NoteOff,
    /// <summary>9n: note on (Data1 = note, Data2 = velocity; velocity 0 means note off).</summary>
    NoteOn,
    /// <summary>An: polyphonic key pressure (Data1 = note, Data2 = pressure).</summary>
    PolyPressure,
    /// <summary>Bn: control change (Data1 = controller, Data2 = value).</summary>
    ControlChange,
    /// <summary>Cn: program change (Data1 = program).</summary>
    ProgramChange,
    /// <summary>Dn: channel pressure (Data1 = pressure).</summary>
    ChannelPressure,
    /// <summary>En: pitch bend (Data1 = LSB, Data2 = MSB).</summary>
    PitchBend,
    /// <summary>F0: system exclusive message; Payload is what follows F0 and the length.</summary>
    SysEx,
    /// <summary>F7: escape / sysex continuation; Payload is what follows F7 and the length.</summary>
    SysExEscape,
    /// <summary>FF: meta event; MetaType says which, Payload holds its data.</summary>
    Meta,
}
