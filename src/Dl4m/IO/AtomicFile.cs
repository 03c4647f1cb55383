namespace Dl4m.IO;

/// <summary>
/// Writes a whole file or nothing: a temporary file in the target's folder (so the rename stays on one
/// file system and is atomic), flushed to disk, then renamed over the target. A crash or a full disk
/// leaves the old file as it was and at most a stray hidden ".tmp" file, never half a file. The folder is
/// synced after the rename, so the new file also survives a power cut or SIGKILL right after the call.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>; <paramref name="what"/> names the file in errors ("MIDI file", "figure").</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="bytes">Its whole contents.</param>
    /// <param name="what">What the file is, for error messages.</param>
    /// <param name="overwrite">False: an existing <paramref name="path"/> stays untouched and the write fails with
    /// <see cref="OutputFile.ExistsError"/>; the check is the rename itself, so a file created meanwhile is not replaced either.</param>
    /// <exception cref="Dl4mException">The folder is missing, the path is a folder, or the write failed: one line "path: cannot write what: reason".</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes, string what = "file", bool overwrite = true)
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
            File.Move(temporary, full, overwrite);
            SyncFolder(folder);
        }
        catch (IOException) when (!overwrite && File.Exists(full))
        {
            TryDelete(temporary);
            throw OutputFile.ExistsError(path);
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

    /// <summary>Writes <paramref name="text"/> as UTF-8 (see <see cref="WriteAllBytes"/>).</summary>
    public static void WriteAllText(string path, string text, string what = "file", bool overwrite = true) =>
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text), what, overwrite);

    /// <summary>fsync of a folder (makes renames in it durable); a no-op where folders cannot be opened (Windows).</summary>
    public static void SyncFolder(string folder)
    {
        if (OperatingSystem.IsWindows()) return;
        try
        {
            using var handle = File.OpenHandle(folder, FileMode.Open, FileAccess.Read);
            // No managed fsync for a directory handle: RandomAccess.FlushToDisk does fsync(2) on any handle.
            RandomAccess.FlushToDisk(handle);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Some file systems refuse to open or sync folders; the rename has still happened.
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
