using System.Buffers;
using System.Security.Cryptography;
using Dl4m.Midi;

namespace Dl4m.Data;

/// <summary>
/// One worker's per-file step: read the bytes into a reused buffer, hash them, parse, extract events.
/// Never throws for a bad file: every problem becomes a failure reason.
/// </summary>
internal sealed class FileProcessor(DatasetBuildOptions options, MidiParser parser)
{
    private readonly NoteEventExtractor _extractor = new(options.IncludeDrums);
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024); // the loader may swap it for a bigger rented one

    public FileResult Process(MidiFileLocation location)
    {
        int length;
        try
        {
            // The reader's loader: on Linux open/read/close only (no fstat/flock), which matters at 100,000 files.
            length = Midi.MidiReader.LoadPooled(location.FullPath, options.MaxFileBytes, ref _buffer);
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
        var split = options.Split.Assign(options.GroupBy, location.RelativePath, hash);
        EventStatistics? stats = null;
        if (split == DatasetSplit.Train)
        {
            stats = new EventStatistics();
            stats.Add(_extractor.Events);
        }
        return new FileResult
        {
            Location = location,
            Salvaged = midi.WasSalvaged,
            SalvageReason = midi.WasSalvaged ? SalvageReason(midi.Warnings) : null,
            Hash = hash,
            Split = split,
            NoteOns = _extractor.NoteOns,
            Events = events,
            EventCount = count,
            TrainStatistics = stats,
        };
    }

    /// <summary>The first problem lenient reading repaired, with its byte offset and kind, and how many more there were.</summary>
    internal static string SalvageReason(List<Midi.MidiWarning> warnings)
    {
        var first = warnings[0];
        string kind = first.Kind is { } k ? $" ({k})" : "";
        string more = warnings.Count > 1 ? $" (+{warnings.Count - 1} more)" : "";
        return $"at byte {first.Offset}: {first.Reason}{kind}{more}";
    }
}
