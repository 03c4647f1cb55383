using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Dl4m.Data;

/// <summary>
/// One worker's per-file step: read the bytes into a reused buffer, hash them, parse, extract events.
/// Never throws for a bad file: every problem becomes a failure reason.
/// </summary>
internal sealed class FileProcessor(DatasetBuildOptions options, MidiParser parser)
{
    private readonly NoteEventExtractor _extractor = new(options.IncludeDrums);
    private byte[] _buffer = new byte[64 * 1024];

    public FileResult Process(MidiFileLocation location)
    {
        int length;
        try
        {
            length = ReadFile(location.FullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Dl4mException)
        {
            return new FileResult { Location = location, FailureReason = e.Message };
        }
        var bytes = _buffer.AsSpan(0, length);
        var hash = SHA256.HashData(bytes);

        Midi.MidiFile midi;
        try
        {
            midi = parser(bytes);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The reader's typed errors carry their own message; anything else would be a reader bug,
            // recorded with its type so one bad file cannot stop a 100,000-file run.
            string reason = e is Dl4mException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            return new FileResult { Location = location, FailureReason = reason.ReplaceLineEndings(" "), Hash = hash };
        }

        int count = _extractor.Extract(midi);
        var events = ArrayPool<EventRecord>.Shared.Rent(Math.Max(1, count));
        _extractor.Events.CopyTo(events);
        EventStatistics? stats = null;
        if (options.Split.Assign(hash) == DatasetSplit.Train)
        {
            stats = new EventStatistics();
            stats.Add(_extractor.Events);
        }
        return new FileResult
        {
            Location = location,
            Salvaged = midi.WasSalvaged,
            Hash = hash,
            NoteOns = _extractor.NoteOns,
            Events = events,
            EventCount = count,
            TrainStatistics = stats,
        };
    }

    private int ReadFile(string path)
    {
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long length = RandomAccess.GetLength(handle);
        if (length > options.MaxFileBytes)
            throw new Dl4mException($"file is {length:N0} bytes, over the {options.MaxFileBytes:N0}-byte limit for one MIDI file");
        if (length > _buffer.Length) _buffer = new byte[Math.Max(length, _buffer.Length * 2L)];
        int total = 0;
        while (total < length)
        {
            int read = RandomAccess.Read(handle, _buffer.AsSpan(total, (int)length - total), total);
            if (read == 0) break; // the file shrank while we read it: parse what is there
            total += read;
        }
        return total;
    }
}
