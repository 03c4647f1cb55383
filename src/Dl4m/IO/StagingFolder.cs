namespace Dl4m.IO;

/// <summary>
/// A temporary sibling folder (<c>&lt;out&gt;.tmp-&lt;random&gt;</c>) that becomes the output folder only when
/// complete, by renames within the same parent folder: an interrupted run leaves no half dataset or model
/// folder. The staging folder and the parent are synced around the final rename, so a crash or SIGKILL
/// right after <see cref="Commit"/> still finds the complete folder. Disposing without Commit deletes it.
/// </summary>
internal sealed class StagingFolder : IDisposable
{
    private readonly string _target;
    private bool _committed;

    private StagingFolder(string target, string path)
    {
        _target = target;
        Path = path;
    }

    /// <summary>Where to write the files now.</summary>
    public string Path { get; }

    /// <summary>Checks the target and creates the staging folder next to it.</summary>
    /// <exception cref="Dl4mException">The target is a file, a non-empty folder without force, or not writable.</exception>
    public static StagingFolder Create(string target, bool force)
    {
        string full = System.IO.Path.GetFullPath(target);
        string trimmed = System.IO.Path.TrimEndingDirectorySeparator(full);
        if (File.Exists(trimmed))
            throw new Dl4mException($"output '{target}' is a file, not a folder");
        if (Directory.Exists(trimmed) && Directory.EnumerateFileSystemEntries(trimmed).Any() && !force)
            throw new Dl4mException($"output folder '{target}' exists and is not empty; use {OutputFile.ForceParameter} to replace it", OutputFile.ForceParameter);
        string staging = $"{trimmed}.tmp-{Guid.NewGuid():N}"[..(trimmed.Length + 13)];
        try
        {
            string? parent = System.IO.Path.GetDirectoryName(trimmed);
            if (parent is not null) Directory.CreateDirectory(parent);
            Directory.CreateDirectory(staging);
            // Prove the folder takes files before any work is done.
            File.WriteAllBytes(System.IO.Path.Combine(staging, ".write-test"), []);
            File.Delete(System.IO.Path.Combine(staging, ".write-test"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(staging);
            throw new Dl4mException($"cannot write output folder '{target}': {e.Message}", e);
        }
        return new StagingFolder(trimmed, staging);
    }

    /// <summary>Moves the complete staging folder to the target, replacing what was there.</summary>
    public void Commit()
    {
        AtomicFile.SyncFolder(Path);
        string? old = null;
        if (Directory.Exists(_target))
        {
            old = $"{_target}.old-{Guid.NewGuid():N}"[..(_target.Length + 13)];
            Directory.Move(_target, old);
        }
        try
        {
            Directory.Move(Path, _target);
        }
        catch
        {
            if (old is not null) Directory.Move(old, _target); // put the previous dataset back
            throw;
        }
        _committed = true;
        AtomicFile.SyncFolder(System.IO.Path.GetDirectoryName(_target) ?? ".");
        if (old is not null) TryDelete(old);
    }

    public void Dispose()
    {
        if (!_committed) TryDelete(Path);
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Leftover temporary folder: harmless, named .tmp-/.old- so it is recognisable.
        }
    }
}
