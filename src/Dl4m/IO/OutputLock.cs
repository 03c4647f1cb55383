namespace Dl4m.IO;

/// <summary>
/// An exclusive lock on an output folder for the length of a run: <c>&lt;out&gt;.lock</c> beside the folder, opened
/// with <see cref="FileShare.None"/> (an advisory <c>flock</c> on Linux and macOS, a share lock on Windows) and
/// deleted when released. Two runs writing the same folder (two <c>dl4m train</c> or two <c>dl4m prepare</c>
/// started together) would otherwise both succeed and leave a folder mixed from both, or one silently replacing the
/// other; the second now stops at once with one line. The lock file lies beside the folder, not in it, because a
/// dataset or model folder is written as a staging folder and renamed over the old one. A process that dies
/// releases the lock with its file descriptors; the file it leaves is taken over by the next run.
/// </summary>
public sealed class OutputLock : IDisposable
{
    private readonly FileStream _stream;

    private OutputLock(FileStream stream) => _stream = stream;

    /// <summary>Suffix of the lock file beside the output folder.</summary>
    public const string Suffix = ".lock";

    /// <summary>Takes the lock of <paramref name="outputFolder"/> (its parent folder is created when missing).</summary>
    /// <exception cref="Dl4mException">Another run holds it, or the lock file cannot be created.</exception>
    public static OutputLock Acquire(string outputFolder)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputFolder));
        string path = full + Suffix;
        try
        {
            string? parent = Path.GetDirectoryName(full);
            if (parent is not null) Directory.CreateDirectory(parent);
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            try
            {
                stream.SetLength(0);
                var pid = System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n");
                stream.Write(pid);
                stream.Flush();
            }
            catch
            {
                stream.Dispose();
                throw;
            }
            return new OutputLock(stream);
        }
        catch (IOException e) when (File.Exists(path))
        {
            // The holder's PID is in the file, but its lock also keeps readers out: name the file instead.
            throw new Dl4mException($"'{outputFolder}' is being written by another dl4m run (lock file '{path}'): wait for it to finish or choose another output", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Dl4mException($"cannot write output folder '{outputFolder}': its lock file '{path}' cannot be created: {e.Message}", e);
        }
    }

    /// <summary>Releases the lock and deletes the lock file.</summary>
    public void Dispose() => _stream.Dispose();
}
