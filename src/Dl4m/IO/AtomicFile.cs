namespace Dl4m.IO;

/// <summary>
/// Writes a whole file or nothing: a temporary file in the target's folder (so the rename stays on one
/// file system and is atomic), flushed to disk, then renamed over the target. A crash or a full disk
/// leaves the old file as it was and at most a stray hidden ".tmp" file, never half a file.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>; <paramref name="what"/> names the file in errors ("MIDI file", "figure").</summary>
    /// <exception cref="Dl4mException">The folder is missing, the path is a folder, or the write failed: one line "path: cannot write what: reason".</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes, string what)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(folder))
            throw new Dl4mException($"{path}: cannot write {what}: folder {folder} does not exist");
        if (Directory.Exists(full))
            throw new Dl4mException($"{path}: cannot write {what}: it is a folder");
        string temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new Dl4mException($"{path}: cannot write {what}: {e.Message}", e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
