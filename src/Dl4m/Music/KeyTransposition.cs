namespace Dl4m.Music;

/// <summary>What <c>--key</c> did to a generated song.</summary>
/// <param name="Estimated">The song's key before (Krumhansl–Schmuckler, weighted by note length); null when it has no estimate (no notes, or all one pitch class).</param>
/// <param name="Requested">The key asked for.</param>
/// <param name="Semitones">The transposition applied (0 when there was no estimate).</param>
public sealed record KeyTransposition(MusicalKey? Estimated, MusicalKey Requested, int Semitones)
{
    /// <summary>
    /// The song's key after: <see cref="Requested"/> when the modes agree, else the requested key's relative (same key
    /// signature: a C major song asked to be in B minor lands in D major). Null without an estimate.
    /// </summary>
    public MusicalKey? Result => Estimated is { } e ? new(((e.Tonic + Semitones) % 12 + 12) % 12, e.Minor) : null;
}
