namespace Dl4m.Data.Retiming;

/// <summary>What <see cref="RetimeCorpus.Run"/> wrote.</summary>
/// <param name="Written">One entry per file written, in path order.</param>
/// <param name="Failures">What the folder walk could not follow (dangling links, link loops), then files that could not be read (not MIDI) or written, with the reason.</param>
public sealed record RetimeSummary(IReadOnlyList<RetimeChoice> Written, IReadOnlyList<FailureEntry> Failures);
