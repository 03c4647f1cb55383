namespace Dl4m.Midi;

/// <summary>
/// Finds the MIDI files below a folder, in a stable order, with their labels: the one folder walk of every command that
/// reads a MIDI folder (prepare, evaluate, retime, bench parse, studio, …), so they all agree on links and on what they skip.
/// </summary>
public static class MidiFileFinder
{
    /// <summary>The extensions read, matched case-insensitively (<see cref="MidiFileNames.Extensions"/>).</summary>
    public static IReadOnlyList<string> Extensions => MidiFileNames.Extensions;

    /// <summary>Label of files directly in the input folder.</summary>
    public const string RootLabel = "(root)";

    /// <summary>
    /// Every MIDI file below <paramref name="root"/> (recursively), sorted by relative path (ordinal), so runs are
    /// reproducible. Symbolic links are followed (a folder of links to MIDI files is a corpus too), except a link
    /// to a folder that is already on the walk's path (a loop), which is listed in <paramref name="skipped"/> with the
    /// reason, as are folders that cannot be read and links that lead nowhere: nothing is skipped silently.
    /// </summary>
    /// <exception cref="Dl4mException">The folder does not exist.</exception>
    public static List<MidiFileLocation> Find(string root, List<SkippedPath>? skipped = null)
    {
        if (File.Exists(root))
            throw new Dl4mException($"input '{root}' is a file, not a folder of MIDI files");
        if (!Directory.Exists(root))
            throw new Dl4mException($"input folder '{root}' does not exist");
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var found = new List<MidiFileLocation>();
        string realRoot = RealPath(full);
        var onPath = new HashSet<string>(StringComparer.Ordinal) { realRoot };
        Walk(full, full, realRoot, onPath, found, skipped ?? []);
        found.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        skipped?.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return found;
    }

    /// <summary>The full paths of <see cref="Find"/>'s files, in its order.</summary>
    /// <exception cref="Dl4mException">The folder does not exist.</exception>
    public static List<string> FindPaths(string root, List<SkippedPath>? skipped = null) => Find(root, skipped).ConvertAll(f => f.FullPath);

    // realFolder is folder's path with links resolved: a plain subfolder's is its parent's plus its name, so only links
    // need resolving (RealPath walks up to the root).
    private static void Walk(string root, string folder, string realFolder, HashSet<string> onPath, List<MidiFileLocation> found, List<SkippedPath> skipped)
    {
        string[] entries;
        try
        {
            entries = Directory.GetFileSystemEntries(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            skipped.Add(new SkippedPath(Relative(root, folder) + "/", $"folder cannot be read: {e.Message}"));
            return;
        }
        foreach (string path in entries)
        {
            FileSystemInfo info = new FileInfo(path);
            if (info.Attributes.HasFlag(FileAttributes.Directory)) info = new DirectoryInfo(path);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true })
            {
                if (info is DirectoryInfo || MidiFileNames.IsMidi(path))
                    skipped.Add(new SkippedPath(Relative(root, path), $"symbolic link to '{info.LinkTarget}', which does not exist"));
                continue;
            }
            if (info is DirectoryInfo)
            {
                string real = info.LinkTarget is null ? Path.Combine(realFolder, info.Name) : RealPath(path);
                if (!onPath.Add(real))
                {
                    skipped.Add(new SkippedPath(Relative(root, path) + "/", $"symbolic link loop: leads back to '{real}', already being read"));
                    continue;
                }
                Walk(root, path, real, onPath, found, skipped);
                onPath.Remove(real);
                continue;
            }
            if (!MidiFileNames.IsMidi(path)) continue;
            string relative = Relative(root, path);
            int slash = relative.IndexOf('/');
            found.Add(new MidiFileLocation(path, relative, slash < 0 ? RootLabel : relative[..slash]));
        }
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>The folder's path with every symbolic link resolved (what a loop comes back to).</summary>
    private static string RealPath(string folder)
    {
        var info = new DirectoryInfo(folder);
        string resolved = info.LinkTarget is null ? info.FullName : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName;
        string? parent = Path.GetDirectoryName(resolved);
        // resolve links higher up the path as well, one level at a time
        return parent is null ? resolved : Path.Combine(RealPath(parent), Path.GetFileName(resolved));
    }
}
