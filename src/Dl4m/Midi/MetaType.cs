namespace Dl4m.Midi;

/// <summary>Meta event types defined by the Standard MIDI File specification (FF tt len data).</summary>
public static class MetaType
{
    /// <summary>FF 00: sequence number.</summary>
    public const byte SequenceNumber = 0x00;
    /// <summary>FF 01: text.</summary>
    public const byte Text = 0x01;
    /// <summary>FF 02: copyright.</summary>
    public const byte Copyright = 0x02;
    /// <summary>FF 03: sequence or track name.</summary>
    public const byte TrackName = 0x03;
    /// <summary>FF 04: instrument name.</summary>
    public const byte InstrumentName = 0x04;
    /// <summary>FF 05: lyric.</summary>
    public const byte Lyric = 0x05;
    /// <summary>FF 06: marker.</summary>
    public const byte Marker = 0x06;
    /// <summary>FF 07: cue point.</summary>
    public const byte CuePoint = 0x07;
    /// <summary>FF 20: MIDI channel prefix.</summary>
    public const byte ChannelPrefix = 0x20;
    /// <summary>FF 21: MIDI port.</summary>
    public const byte Port = 0x21;
    /// <summary>FF 2F: end of track.</summary>
    public const byte EndOfTrack = 0x2F;
    /// <summary>FF 51: set tempo, 3 bytes of microseconds per quarter note.</summary>
    public const byte SetTempo = 0x51;
    /// <summary>FF 54: SMPTE offset.</summary>
    public const byte SmpteOffset = 0x54;
    /// <summary>FF 58: time signature (numerator, log2 denominator, clocks per click, 32nds per quarter).</summary>
    public const byte TimeSignature = 0x58;
    /// <summary>FF 59: key signature (sharps/flats as signed byte, 0 major / 1 minor).</summary>
    public const byte KeySignature = 0x59;
    /// <summary>FF 7F: sequencer specific.</summary>
    public const byte SequencerSpecific = 0x7F;
}
