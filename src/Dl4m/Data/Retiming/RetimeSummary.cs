namespace Dl4m.Data.Retiming;

/// <summary>What <see cref="RetimeCorpus.Run"/> wrote.</summary>
/// <param name="Written">One entry per file written, in path order.</param>
/// <param name="Failures">Files that could not be read (not MIDI) or written, with the reason, in path order.</param>
public sealed record RetimeSummary(IReadOnlyList<RetimeChoice> Written, IReadOnlyList<FailureEntry> Failures);
