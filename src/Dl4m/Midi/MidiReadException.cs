namespace Dl4m.Midi;

/// <summary>A MIDI file that cannot be read (or, in strict mode, is not exactly right): where and why.</summary>
public sealed class MidiReadException : Dl4mException
{
    /// <summary>Creates the error; the message names the file (if known), the byte offset and the reason.</summary>
    public MidiReadException(MidiErrorKind kind, long offset, string reason, string? path = null)
        : base($"{(path is null ? "" : path + ": ")}byte {offset}: {reason} ({KindName(kind)})")
    {
        Kind = kind;
        Offset = offset;
        Reason = reason;
        Path = path;
    }

    /// <summary>What kind of problem it is.</summary>
    public MidiErrorKind Kind { get; }

    /// <summary>Byte offset in the file where the problem was found.</summary>
    public long Offset { get; }

    /// <summary>The reason, without file and offset.</summary>
    public string Reason { get; }

    /// <summary>The file's path when it was read with <see cref="MidiReader.ReadFile"/>; null for bytes.</summary>
    public string? Path { get; }

    /// <summary>The kind as lower-case words ("truncated chunk"), for messages and warnings.</summary>
    public static string KindName(MidiErrorKind kind) => kind switch
    {
        MidiErrorKind.NotMidi => "not a MIDI file",
        MidiErrorKind.BadHeader => "bad header",
        MidiErrorKind.TruncatedChunk => "truncated chunk",
        MidiErrorKind.ChunkLengthMismatch => "chunk length mismatch",
        MidiErrorKind.MissingEndOfTrack => "missing end of track",
        MidiErrorKind.UnknownChunk => "unknown chunk",
        MidiErrorKind.CorruptChunk => "corrupt chunk",
        MidiErrorKind.BadStatusByte => "bad status byte",
        MidiErrorKind.BadDataByte => "bad data byte",
        MidiErrorKind.RunningStatusAfterMetaOrSysEx => "running status after meta or sysex",
        MidiErrorKind.VlqTooLong => "variable-length quantity too long",
        MidiErrorKind.AbsurdSize => "absurd size",
        MidiErrorKind.MissingTracks => "missing tracks",
        MidiErrorKind.TooManyTracks => "too many tracks",
        MidiErrorKind.TrailingData => "trailing data",
        MidiErrorKind.BadTempo => "bad tempo",
        MidiErrorKind.BadTimeSignature => "bad time signature",
        _ => kind.ToString(),
    };
}
