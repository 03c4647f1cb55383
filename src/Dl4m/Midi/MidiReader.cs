using System.Buffers;
using System.Buffers.Binary;

namespace Dl4m.Midi;

/// <summary>
/// Reads Standard MIDI Files (format 0, 1, 2; PPQ or SMPTE division; RIFF RMID wrappers) into a
/// <see cref="MidiFile"/>. Lenient by default: damage is repaired or skipped, every event read before it is
/// kept, and each repair is recorded as a <see cref="MidiWarning"/> with its byte offset. With
/// <see cref="MidiReadSettings.Strict"/> the first problem throws a <see cref="MidiReadException"/>.
/// Whatever the input, no other exception escapes and memory stays proportional to the bytes present.
/// </summary>
public static class MidiReader
{
    private const int HeaderSize = 14; // "MThd", length, format, tracks, division
    private const int ChunkHeaderSize = 8;
    private const int HeaderSearchWindow = 4096; // leniently skip junk such as a 128-byte MacBinary header

    /// <summary>Reads a MIDI file from bytes (lenient unless settings say otherwise).</summary>
    /// <exception cref="MidiReadException">Not MIDI, or a problem whose policy is Throw.</exception>
    public static MidiFile Read(ReadOnlySpan<byte> data, MidiReadSettings? settings = null) =>
        Read(data, new MidiProblemSink(settings ?? MidiReadSettings.Lenient, null));

    /// <summary>Reads a MIDI file from disk; error messages name the path. The bytes go through a pooled buffer (no per-file array).</summary>
    /// <exception cref="MidiReadException">Not MIDI, too big, or a problem whose policy is Throw.</exception>
    /// <exception cref="Dl4mException">The file cannot be opened or read.</exception>
    public static MidiFile ReadFile(string path, MidiReadSettings? settings = null)
    {
        settings ??= MidiReadSettings.Lenient;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(InitialReadBuffer);
        try
        {
            int length = LoadPooled(path, settings.MaxFileBytes, ref buffer);
            return Read(buffer.AsSpan(0, length), new MidiProblemSink(settings, path));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A file's bytes, refusing files above <paramref name="maxBytes"/>; IO errors become one-line <see cref="Dl4mException"/>s naming the path.</summary>
    /// <exception cref="MidiReadException">The file is larger than <paramref name="maxBytes"/> (AbsurdSize).</exception>
    /// <exception cref="Dl4mException">The file cannot be opened or read.</exception>
    public static byte[] LoadBytes(string path, long maxBytes)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(InitialReadBuffer);
        try
        {
            int length = LoadPooled(path, maxBytes, ref buffer);
            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private const int InitialReadBuffer = 64 * 1024;

    /// <summary>Reads the file into a pooled buffer (replaced by a bigger pooled one if needed); returns its length.</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">Largest size accepted.</param>
    /// <param name="buffer">A rented buffer, replaced by a bigger rented one if needed.</param>
    /// <param name="usePosix">False to take the portable path even on Linux (tests cover it this way).</param>
    internal static int LoadPooled(string path, long maxBytes, ref byte[] buffer, bool usePosix = true)
    {
        if (usePosix && PosixFile.TryReadAll(path, ref buffer, maxBytes, out int length, out bool tooBig))
        {
            if (tooBig) throw TooBig(path, length, maxBytes);
            return length;
        }
        // Swap buffers only once the read succeeded, so the caller never returns an array to the pool twice.
        byte[] original = buffer;
        byte[]? bigger = null;
        int read = Load(path, maxBytes, size => size <= original.Length ? original : bigger = ArrayPool<byte>.Shared.Rent(size));
        if (bigger is not null)
        {
            ArrayPool<byte>.Shared.Return(original);
            buffer = bigger;
        }
        return read;
    }

    private static MidiReadException TooBig(string path, long size, long maxBytes) =>
        new(MidiErrorKind.AbsurdSize, 0, $"file is {size:N0} bytes or more, more than the {maxBytes:N0} a MIDI file may have here", path);

    /// <summary>Reads a whole file into the buffer <paramref name="allocate"/> gives for its size; returns the bytes read.</summary>
    private static int Load(string path, long maxBytes, Func<int, byte[]> allocate)
    {
        try
        {
            // A bare handle and positional reads: fewer system calls than a FileStream, which matters for many small files.
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            long size = RandomAccess.GetLength(handle);
            if (size > maxBytes || size > Array.MaxLength) throw TooBig(path, size, maxBytes);
            var buffer = allocate((int)size);
            int total = 0;
            while (total < size && total < buffer.Length)
            {
                int read = RandomAccess.Read(handle, buffer.AsSpan(total, (int)size - total), total);
                if (read == 0) break; // the file shrank while we read it: parse what is there
                total += read;
            }
            return total;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            string reason = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "no such file",
                UnauthorizedAccessException when Directory.Exists(path) => "is a folder",
                UnauthorizedAccessException => "permission denied",
                _ => e.Message,
            };
            throw new Dl4mException($"{path}: cannot read MIDI file: {reason}", e);
        }
    }

    private static MidiFile Read(ReadOnlySpan<byte> d, MidiProblemSink sink)
    {
        int smfStart = 0, smfEnd = d.Length;
        if (d.Length >= 12 && d[..4].SequenceEqual("RIFF"u8) && d.Slice(8, 4).SequenceEqual("RMID"u8))
            (smfStart, smfEnd) = FindRmidData(d, sink);

        int header = FindHeader(d, smfStart, smfEnd, sink);
        if (smfEnd - header < HeaderSize)
            throw sink.Fatal(MidiErrorKind.TruncatedChunk, header, $"MIDI header cut short: {smfEnd - header} of {HeaderSize} bytes");

        uint headerLength = BinaryPrimitives.ReadUInt32BigEndian(d.Slice(header + 4));
        int format = BinaryPrimitives.ReadUInt16BigEndian(d.Slice(header + 8));
        int declaredTracks = BinaryPrimitives.ReadUInt16BigEndian(d.Slice(header + 10));
        int divisionWord = BinaryPrimitives.ReadUInt16BigEndian(d.Slice(header + 12));

        int pos;
        if (headerLength < 6)
        {
            sink.Report(MidiErrorKind.BadHeader, header + 4, $"header length {headerLength} is below 6", "read as 6");
            pos = header + HeaderSize;
        }
        else if (headerLength > (uint)(smfEnd - header - ChunkHeaderSize))
        {
            sink.Report(sink.SizeProblem(headerLength), header + 4,
                $"header declares {headerLength:N0} bytes but only {smfEnd - header - ChunkHeaderSize:N0} remain", "read as 6");
            pos = header + HeaderSize;
        }
        else
        {
            pos = header + ChunkHeaderSize + (int)headerLength;
        }

        if (format > 2)
        {
            sink.Report(MidiErrorKind.BadHeader, header + 8, $"format {format} is not 0, 1 or 2", "read as 1");
            format = 1;
        }
        var division = ReadDivision(divisionWord, header + 12, sink);

        // Pre-size by what could really be there: every track needs at least its 8-byte chunk header.
        int possibleTracks = Math.Max(0, smfEnd - pos) / ChunkHeaderSize;
        bool reportedTooMany = false;
        if (declaredTracks > possibleTracks)
        {
            reportedTooMany = true;
            sink.Report(MidiErrorKind.TooManyTracks, header + 10,
                $"header declares {declaredTracks:N0} tracks but the {Math.Max(0, smfEnd - pos):N0} bytes left can hold at most {possibleTracks:N0}", "reading those present");
        }
        if (format == 0 && declaredTracks != 1)
            sink.Report(MidiErrorKind.BadHeader, header + 10, $"format 0 declares {declaredTracks} tracks instead of 1");

        var tracks = new List<MidiTrack>(Math.Min(declaredTracks, possibleTracks));
        ReadChunks(d, pos, smfEnd, declaredTracks, tracks, sink, ref reportedTooMany);

        if (tracks.Count < declaredTracks && !reportedTooMany)
            sink.Report(MidiErrorKind.MissingTracks, smfEnd, $"header declares {declaredTracks} tracks but the file holds {tracks.Count}");

        return new MidiFile(format, division, tracks, sink.TakeWarnings());
    }

    private static void ReadChunks(ReadOnlySpan<byte> d, int pos, int smfEnd, int declaredTracks, List<MidiTrack> tracks,
        MidiProblemSink sink, ref bool reportedTooMany)
    {
        int resyncFrom = pos; // where a search for the next MTrk may start after damage
        while (pos < smfEnd && sink.RemainingEvents > 0)
        {
            if (smfEnd - pos < ChunkHeaderSize)
            {
                ReportLeftover(d, pos, smfEnd, tracks.Count, declaredTracks, sink);
                return;
            }
            var id = d.Slice(pos, 4);
            uint length = BinaryPrimitives.ReadUInt32BigEndian(d.Slice(pos + 4));
            int bodyStart = pos + ChunkHeaderSize;
            int available = smfEnd - bodyStart;

            bool isTrack = id.SequenceEqual("MTrk"u8);
            if (!isTrack && OneByteOff(id, "MTrk"u8) && sink.Tolerates(MidiErrorKind.CorruptChunk))
            {
                sink.Report(MidiErrorKind.CorruptChunk, pos, $"chunk id '{Printable(id)}' is not MTrk", "read as MTrk");
                isTrack = true;
            }

            if (isTrack)
            {
                int index = tracks.Count;
                if (index == declaredTracks && !reportedTooMany)
                {
                    reportedTooMany = true;
                    sink.Report(MidiErrorKind.TooManyTracks, pos, $"the file holds more MTrk chunks than the {declaredTracks} its header declares", "reading them too");
                }
                int declaredEnd;
                if (length > (uint)available)
                {
                    sink.Report(sink.SizeProblem(length), pos + 4,
                        $"track {index} declares {length:N0} bytes but only {available:N0} remain", "reading what is there");
                    declaredEnd = smfEnd;
                }
                else
                {
                    declaredEnd = bodyStart + (int)length;
                }

                // A declared length that ends where no chunk starts is wrong: leniently read on, up to the next MTrk.
                int limit = declaredEnd;
                if (declaredEnd < smfEnd && !LooksLikeChunkStart(d, declaredEnd, smfEnd) && sink.Tolerates(MidiErrorKind.ChunkLengthMismatch))
                {
                    int next = d[declaredEnd..smfEnd].IndexOf("MTrk"u8);
                    limit = next < 0 ? smfEnd : declaredEnd + next;
                }

                // Pre-size from the bytes the track really has: a channel event takes 3 bytes or more, most often.
                int capacity = Math.Min((limit - bodyStart) / 3 + 1, sink.RemainingEvents + 1);
                var events = new List<MidiEvent>(capacity);
                int stop = MidiTrackParser.Parse(d, bodyStart, limit, index, events, sink, out var end);
                tracks.Add(new MidiTrack(events));

                if (end == MidiTrackEnd.EndOfTrack && stop < declaredEnd)
                    sink.Report(MidiErrorKind.ChunkLengthMismatch, stop, $"track {index} has its end-of-track {declaredEnd - stop:N0} bytes before its declared end", "the rest is skipped");
                else if (stop > declaredEnd && end == MidiTrackEnd.EndOfTrack)
                    sink.Report(MidiErrorKind.ChunkLengthMismatch, declaredEnd, $"track {index} runs {stop - declaredEnd:N0} bytes past its declared length to its end-of-track");
                else if (end == MidiTrackEnd.OutOfBytes)
                    sink.Report(MidiErrorKind.MissingEndOfTrack, stop, $"track {index} ends without an end-of-track event");

                pos = stop > declaredEnd ? stop : declaredEnd;
                resyncFrom = Math.Max(stop, bodyStart);
                continue;
            }

            // An unknown chunk is skipped, unless its length runs past the data: then its id was likely damage too.
            if (IsChunkId(id) && length <= (uint)available)
            {
                sink.Report(MidiErrorKind.UnknownChunk, pos, $"unknown chunk '{Printable(id)}' of {length:N0} bytes", "skipped");
                pos = bodyStart + (int)length;
                resyncFrom = pos;
                continue;
            }

            // No chunk here: damage, or padding after the last track. Look for the next MTrk.
            int found = resyncFrom < smfEnd ? d[resyncFrom..smfEnd].IndexOf("MTrk"u8) : -1;
            if (found < 0)
            {
                ReportLeftover(d, pos, smfEnd, tracks.Count, declaredTracks, sink);
                return;
            }
            int nextTrack = resyncFrom + found;
            sink.Report(MidiErrorKind.CorruptChunk, pos, $"no chunk id at byte {pos} ({Printable(id)})", $"resumed at the next MTrk, byte {nextTrack}");
            pos = nextTrack;
            resyncFrom = nextTrack + ChunkHeaderSize;
        }
    }

    private static void ReportLeftover(ReadOnlySpan<byte> d, int pos, int smfEnd, int tracksRead, int declaredTracks, MidiProblemSink sink)
    {
        if (tracksRead >= declaredTracks)
            sink.Report(MidiErrorKind.TrailingData, pos, $"{smfEnd - pos:N0} bytes after the last track form no chunk", "ignored");
        else
            sink.Report(MidiErrorKind.CorruptChunk, pos, $"{smfEnd - pos:N0} bytes at the end form no chunk and hold no further MTrk", "ignored");
    }

    private static TimeDivision ReadDivision(int word, int offset, MidiProblemSink sink)
    {
        if ((word & 0x8000) == 0)
        {
            if (word != 0) return TimeDivision.Ppq(word);
            sink.Report(MidiErrorKind.BadHeader, offset, "division of 0 ticks per quarter note", "read as 480");
            return TimeDivision.Ppq(480);
        }
        int framesPerSecond = -(sbyte)(word >> 8);
        int ticksPerFrame = word & 0xFF;
        if (ticksPerFrame == 0)
        {
            sink.Report(MidiErrorKind.BadHeader, offset, "SMPTE division with 0 ticks per frame", "read as 480 ticks per quarter note");
            return TimeDivision.Ppq(480);
        }
        if (framesPerSecond is not (24 or 25 or 29 or 30))
            sink.Report(MidiErrorKind.BadHeader, offset, $"SMPTE division of {framesPerSecond} frames per second (not 24, 25, 29 or 30)");
        return TimeDivision.Smpte(framesPerSecond, ticksPerFrame);
    }

    /// <summary>Finds the MThd header: at the start, or (leniently) a near-miss id or after a little leading junk.</summary>
    private static int FindHeader(ReadOnlySpan<byte> d, int start, int end, MidiProblemSink sink)
    {
        if (end - start >= 4 && d.Slice(start, 4).SequenceEqual("MThd"u8)) return start;
        if (end - start >= HeaderSize && OneByteOff(d.Slice(start, 4), "MThd"u8)
            && BinaryPrimitives.ReadUInt32BigEndian(d.Slice(start + 4)) == 6 && sink.Tolerates(MidiErrorKind.BadHeader))
        {
            sink.Report(MidiErrorKind.BadHeader, start, $"header id '{Printable(d.Slice(start, 4))}' is not MThd", "read as MThd");
            return start;
        }
        int window = Math.Min(end - start, HeaderSearchWindow);
        int found = d.Slice(start, window).IndexOf("MThd"u8);
        if (found > 0 && sink.Tolerates(MidiErrorKind.CorruptChunk))
        {
            sink.Report(MidiErrorKind.CorruptChunk, start, $"{found} bytes of junk before the MThd header", "skipped");
            return start + found;
        }
        throw sink.Fatal(MidiErrorKind.NotMidi, start, found > 0
            ? $"MThd header found only at byte {start + found}, after junk"
            : "no MThd header");
    }

    /// <summary>Finds the SMF inside a RIFF RMID file: the "data" chunk (little-endian sizes, even padding).</summary>
    private static (int Start, int End) FindRmidData(ReadOnlySpan<byte> d, MidiProblemSink sink)
    {
        int pos = 12;
        while (d.Length - pos >= 8)
        {
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(d.Slice(pos + 4));
            int body = pos + 8;
            if (d.Slice(pos, 4).SequenceEqual("data"u8))
            {
                if (size > (uint)(d.Length - body))
                {
                    sink.Report(sink.SizeProblem(size), pos + 4,
                        $"RIFF data chunk declares {size:N0} bytes but only {d.Length - body:N0} remain");
                    return (body, d.Length);
                }
                return (body, body + (int)size);
            }
            if (size > (uint)(d.Length - body)) break;
            pos = body + (int)size + (int)(size & 1);
        }
        if (!sink.Tolerates(MidiErrorKind.CorruptChunk))
            throw sink.Fatal(MidiErrorKind.NotMidi, 12, "RIFF RMID file without a readable data chunk");
        // Damaged RIFF structure: look for the MThd header near the start instead.
        sink.Report(MidiErrorKind.CorruptChunk, pos, "RIFF RMID file without a readable data chunk", "looking for the MThd header");
        return (0, d.Length);
    }

    private static bool LooksLikeChunkStart(ReadOnlySpan<byte> d, int at, int end) =>
        at == end || (end - at >= ChunkHeaderSize && IsChunkId(d.Slice(at, 4)));

    /// <summary>Four letters, digits or spaces: what every registered and private chunk id looks like.</summary>
    private static bool IsChunkId(ReadOnlySpan<byte> id)
    {
        foreach (byte c in id)
            if (!(c is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)' '))
                return false;
        return true;
    }

    private static bool OneByteOff(ReadOnlySpan<byte> id, ReadOnlySpan<byte> expected)
    {
        int diff = 0;
        for (int i = 0; i < 4; i++) if (id[i] != expected[i]) diff++;
        return diff == 1;
    }

    private static string Printable(ReadOnlySpan<byte> id)
    {
        Span<char> chars = stackalloc char[id.Length];
        for (int i = 0; i < id.Length; i++) chars[i] = id[i] is >= 0x20 and < 0x7F ? (char)id[i] : '?';
        return new string(chars);
    }
}
