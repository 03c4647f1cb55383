namespace Dl4m.Cli.Commands;

/// <summary>What one pass of `bench parse` read: files, bytes, events, sounding note-ons, unreadable and repaired files.</summary>
internal readonly record struct ParseTally(long Files, long Bytes, long Events, long NoteOns, long Unreadable, long Salvaged)
{
    public static ParseTally operator +(ParseTally a, ParseTally b) =>
        new(a.Files + b.Files, a.Bytes + b.Bytes, a.Events + b.Events, a.NoteOns + b.NoteOns, a.Unreadable + b.Unreadable, a.Salvaged + b.Salvaged);
}
