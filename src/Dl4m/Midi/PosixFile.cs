using System.Buffers;
using System.Runtime.InteropServices;

namespace Dl4m.Midi;

/// <summary>
/// Reads a whole small file on Linux with three or four system calls (open, read until 0, close), where .NET's
/// file handles add fstat and flock calls: for a corpus of thousands of 2 KB files those calls cost more than
/// parsing. Any failure returns false and the caller takes the portable path, which reports errors properly.
/// </summary>
internal static partial class PosixFile
{
    private const int ReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC on Linux
    private const int Eintr = 4;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    /// <summary>
    /// Reads the file into <paramref name="buffer"/> (rented from the shared pool; replaced by a bigger rented one
    /// as needed). False if this path is unavailable or anything failed; <paramref name="tooBig"/> if the file has
    /// more than <paramref name="maxBytes"/> bytes.
    /// </summary>
    public static unsafe bool TryReadAll(string path, ref byte[] buffer, long maxBytes, out int length, out bool tooBig)
    {
        length = 0;
        tooBig = false;
        if (!OperatingSystem.IsLinux()) return false;
        int fd;
        try
        {
            fd = Open(path, ReadOnlyCloseOnExec);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
        if (fd < 0) return false;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes || length >= Array.MaxLength / 2) { tooBig = length > maxBytes; return tooBig; }
                    var bigger = ArrayPool<byte>.Shared.Rent(length * 2);
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                nint read;
                fixed (byte* start = &buffer[length])
                    read = Read(fd, start, (nuint)(buffer.Length - length));
                if (read == 0) break;
                if (read < 0)
                {
                    if (Marshal.GetLastPInvokeError() == Eintr) continue;
                    return false; // e.g. EISDIR: the portable path names the problem
                }
                length += (int)read;
            }
            tooBig = length > maxBytes;
            return true;
        }
        finally
        {
            Close(fd);
        }
    }
}
