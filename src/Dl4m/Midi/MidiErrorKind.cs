namespace Dl4m.Midi;

/// <summary>What is wrong with a MIDI file: the kind of a <see cref="MidiReadException"/> or of a lenient repair.</summary>
public enum MidiErrorKind
{
    /// <summary>No MThd header (nor a RIFF RMID wrapper holding one): the data is not a Standard MIDI File.</summary>
    NotMidi,
    /// <summary>Header fields out of range: header shorter than 6 bytes, format above 2, division 0, format 0 with several tracks.</summary>
    BadHeader,
    /// <summary>The data ends before a chunk, event or payload does.</summary>
    TruncatedChunk,
    /// <summary>A track's declared length disagrees with where its end-of-track event is.</summary>
    ChunkLengthMismatch,
    /// <summary>A track ends without an end-of-track meta event.</summary>
    MissingEndOfTrack,
    /// <summary>A chunk with a readable but unknown id (e.g. "XFIH"); the specification says to skip it.</summary>
    UnknownChunk,
    /// <summary>Bytes where a chunk header should be that are no chunk id at all (damage); the reader looks for the next MTrk.</summary>
    CorruptChunk,
    /// <summary>A status byte that cannot start an event in a file (F1–FE except FF), or a data byte with no running status.</summary>
    BadStatusByte,
    /// <summary>A data byte of a channel event with its top bit set.</summary>
    BadDataByte,
    /// <summary>A data byte relying on running status across a meta or sysex event, which cancel it by the specification.</summary>
    RunningStatusAfterMetaOrSysEx,
    /// <summary>A variable-length quantity longer than 4 bytes (above 2^28 − 1).</summary>
    VlqTooLong,
    /// <summary>A declared size larger than any file the reader accepts (<see cref="MidiReadSettings.MaxFileBytes"/>), a file above that size, or more events than <see cref="MidiReadSettings.MaxEvents"/>.</summary>
    AbsurdSize,
    /// <summary>The header declares more tracks than the file holds.</summary>
    MissingTracks,
    /// <summary>The header declares more tracks than could possibly fit in the file (e.g. 65,535 in 2 KB), or the file holds more MTrk chunks than declared.</summary>
    TooManyTracks,
    /// <summary>Bytes after the last chunk that form no chunk.</summary>
    TrailingData,
    /// <summary>A set-tempo event of 0 µs, outside 5–1000 bpm, or with fewer than 3 data bytes; the previous tempo holds (120 bpm at the start).</summary>
    BadTempo,
    /// <summary>A time signature with numerator 0, a denominator beyond 64, bars longer than 16 quarter notes, or fewer than 2 data bytes; read as 4/4.</summary>
    BadTimeSignature,
}
