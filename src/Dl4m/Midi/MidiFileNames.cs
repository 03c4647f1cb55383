namespace Dl4m.Midi;

/// <summary>Which files are MIDI files, by extension (.mid .midi .kar .rmi, any letter case). <see cref="MidiFileFinder"/> walks folders.</summary>
public static class MidiFileNames
{
    /// <summary>The extensions taken as MIDI, lower case with the dot.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".mid", ".midi", ".kar", ".rmi"];

    /// <summary>True if the path ends with a MIDI extension, ignoring case (the original skipped ".MID").</summary>
    public static bool IsMidi(string path)
    {
        var ext = Path.GetExtension(path.AsSpan());
        foreach (var e in Extensions)
            if (ext.Equals(e, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
