namespace Dl4m.Midi;

/// <summary>Which files are MIDI files, by extension (.mid .midi .kar .rmi, any letter case).</summary>
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

    /// <summary>Every MIDI file below a folder, recursively, sorted by ordinal path so runs are reproducible.</summary>
    public static List<string> Find(string folder)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        var files = Directory.EnumerateFiles(folder, "*", options).Where(IsMidi).ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }
}
