namespace Dl4m.Midi;

/// <summary>Something wrong that lenient reading skipped or repaired, and where in the file it was.</summary>
/// <param name="Offset">Byte offset in the file where the problem was found.</param>
/// <param name="Reason">What was wrong, and what the reader did about it.</param>
public readonly record struct MidiWarning(long Offset, string Reason)
{
    /// <summary>The kind of problem, when the reader recorded it (null for warnings made by hand).</summary>
    public MidiErrorKind? Kind { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"at byte {Offset}: {Reason}";
}
