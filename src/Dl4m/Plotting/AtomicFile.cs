namespace Dl4m.Plotting;

/// <summary>Writes a whole file or nothing: temporary file in the target's folder, flushed, then renamed over it.</summary>
internal static class AtomicFile
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes, string what)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(folder))
            throw new Dl4mException($"cannot write {what} '{path}': folder '{folder}' does not exist.");
        if (Directory.Exists(full))
            throw new Dl4mException($"cannot write {what} '{path}': it is a folder.");
        // Same folder as the target so the rename stays on one file system and is atomic.
        string temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new Dl4mException($"cannot write {what} '{path}': {e.Message}", e);
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
