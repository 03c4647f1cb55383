namespace Dl4m.Training;

/// <summary>
/// Whole-or-nothing file writes that survive a crash or SIGKILL at any moment: the bytes go to a temporary
/// file in the same folder, which is flushed to disk (fsync) and renamed over the target; the folder is
/// then synced so the rename itself is durable. A reader sees the old file or the complete new one.
/// </summary>
internal static class DurableFile
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        string temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
            SyncFolder(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw new Dl4mException($"cannot write '{path}': {e.Message}", e);
        }
    }

    public static void WriteAllText(string path, string text) => WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));

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
}
