using Dl4m.Midi;

namespace Dl4m.Data;

/// <summary>Finds the MIDI files below a folder, in a stable order, with their labels.</summary>
public static class MidiFileFinder
{
    /// <summary>The extensions read, matched case-insensitively (<see cref="MidiFileNames.Extensions"/>).</summary>
    public static IReadOnlyList<string> Extensions => MidiFileNames.Extensions;

    /// <summary>Label of files directly in the input folder.</summary>
    public const string RootLabel = "(root)";

    /// <summary>
    /// Every MIDI file below <paramref name="root"/> (recursively; symbolic links are skipped, so a link
    /// loop cannot trap the walk; unreadable folders are skipped), sorted by relative path (ordinal), so
    /// runs are reproducible.
    /// </summary>
    /// <exception cref="Dl4mException">The folder does not exist.</exception>
    public static List<MidiFileLocation> Find(string root)
    {
        if (File.Exists(root))
            throw new Dl4mException($"input '{root}' is a file; prepare reads a folder of MIDI files");
        if (!Directory.Exists(root))
            throw new Dl4mException($"input folder '{root}' does not exist");
        string full = Path.GetFullPath(root);
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
            MatchType = MatchType.Simple,
        };
        var found = new List<MidiFileLocation>();
        foreach (string path in Directory.EnumerateFiles(full, "*", options))
        {
            if (!MidiFileNames.IsMidi(path)) continue;
            string relative = Path.GetRelativePath(full, path).Replace(Path.DirectorySeparatorChar, '/');
            int slash = relative.IndexOf('/');
            found.Add(new MidiFileLocation(path, relative, slash < 0 ? RootLabel : relative[..slash]));
        }
        found.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return found;
    }
}
