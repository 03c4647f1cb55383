namespace Dl4m.Midi;

/// <summary>Why <see cref="MidiTrackParser"/> stopped reading a track.</summary>
internal enum MidiTrackEnd
{
    /// <summary>At an end-of-track meta event (the normal end).</summary>
    EndOfTrack,
    /// <summary>At the end of the bytes it was given, without end-of-track.</summary>
    OutOfBytes,
    /// <summary>At damage it reported (truncated or undecodable event); the rest of the track is lost.</summary>
    Damaged,
    /// <summary>The file's event budget ran out.</summary>
    EventLimit,
}
