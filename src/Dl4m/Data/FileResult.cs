using System.Buffers;
using Dl4m.Midi;

namespace Dl4m.Data;

/// <summary>What a worker learned about one file, handed to the (single, in-order) dataset writer.</summary>
internal sealed class FileResult
{
    public required MidiFileLocation Location { get; init; }
    public string? FailureReason { get; init; }
    public bool Salvaged { get; init; }

    /// <summary>Why the file counts as salvaged (the first repair, its byte offset and kind), when it does.</summary>
    public string? SalvageReason { get; init; }
    public byte[] Hash { get; init; } = [];
    public int NoteOns { get; init; }

    /// <summary>The split the build options place the file in (meaningful for read files only).</summary>
    public DatasetSplit Split { get; init; }

    /// <summary>Rented from <see cref="ArrayPool{T}.Shared"/>; the writer returns it.</summary>
    public EventRecord[]? Events { get; init; }
    public int EventCount { get; init; }

    /// <summary>Statistics of the events, computed only for files placed in train.</summary>
    public EventStatistics? TrainStatistics { get; init; }

    public bool Failed => FailureReason is not null;

    public ReadOnlySpan<EventRecord> EventSpan => Events is null ? [] : Events.AsSpan(0, EventCount);

    public void ReturnEvents()
    {
        if (Events is not null) ArrayPool<EventRecord>.Shared.Return(Events);
    }
}
