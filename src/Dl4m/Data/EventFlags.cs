namespace Dl4m.Data;

/// <summary>Bits of <see cref="EventRecord.Flags"/>.</summary>
public static class EventFlags
{
    /// <summary>The note had no note-off: its duration runs to the end of the song.</summary>
    public const byte Unterminated = 1;
}
