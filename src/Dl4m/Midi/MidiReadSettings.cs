using System.Collections.Frozen;

namespace Dl4m.Midi;

/// <summary>
/// How <see cref="MidiReader"/> treats problems, one policy per <see cref="MidiErrorKind"/> (in the spirit of
/// DryWetMIDI's ReadingSettings), plus limits that keep hostile input from exhausting memory.
/// <see cref="Lenient"/> (the default, for corpora) repairs and warns; <see cref="Strict"/> throws on the first
/// problem, except unknown chunks, which the SMF specification tells readers to skip. Data that is not MIDI at
/// all, or whose 14-byte header is cut short, throws in every mode: there is nothing to salvage.
/// </summary>
public sealed record MidiReadSettings
{
    /// <summary>Repair, salvage every event read before damage, record warnings. Unknown chunks are skipped silently.</summary>
    public static MidiReadSettings Lenient { get; } = new()
    {
        DefaultPolicy = MidiProblemPolicy.Warn,
        Policies = new Dictionary<MidiErrorKind, MidiProblemPolicy> { [MidiErrorKind.UnknownChunk] = MidiProblemPolicy.Ignore }.ToFrozenDictionary(),
    };

    /// <summary>Throw a <see cref="MidiReadException"/> on the first problem; unknown chunks are skipped silently.</summary>
    public static MidiReadSettings Strict { get; } = new()
    {
        DefaultPolicy = MidiProblemPolicy.Throw,
        Policies = new Dictionary<MidiErrorKind, MidiProblemPolicy> { [MidiErrorKind.UnknownChunk] = MidiProblemPolicy.Ignore }.ToFrozenDictionary(),
    };

    /// <summary>Policy for every kind not listed in <see cref="Policies"/>.</summary>
    public MidiProblemPolicy DefaultPolicy { get; init; } = MidiProblemPolicy.Warn;

    /// <summary>Policies for particular kinds, overriding <see cref="DefaultPolicy"/>.</summary>
    public IReadOnlyDictionary<MidiErrorKind, MidiProblemPolicy> Policies { get; init; } =
        FrozenDictionary<MidiErrorKind, MidiProblemPolicy>.Empty;

    /// <summary>Most warnings kept per file; further ones are counted in one last warning.</summary>
    public int MaxWarnings { get; init; } = 100;

    /// <summary>Most events read from one file (about 24 bytes of memory each); beyond it reading stops (AbsurdSize).</summary>
    public int MaxEvents { get; init; } = 4_000_000;

    /// <summary>Largest file <see cref="MidiReader.ReadFile"/> loads (AbsurdSize beyond it, in every mode).</summary>
    public long MaxFileBytes { get; init; } = 64L << 20;

    /// <summary>The policy for one kind of problem.</summary>
    public MidiProblemPolicy PolicyFor(MidiErrorKind kind) =>
        kind == MidiErrorKind.NotMidi ? MidiProblemPolicy.Throw
        : Policies.TryGetValue(kind, out var policy) ? policy : DefaultPolicy;

    /// <summary>A copy with one kind's policy changed (e.g. strict, but tolerating trailing data).</summary>
    public MidiReadSettings With(MidiErrorKind kind, MidiProblemPolicy policy)
    {
        var policies = new Dictionary<MidiErrorKind, MidiProblemPolicy>(Policies) { [kind] = policy };
        return this with { Policies = policies.ToFrozenDictionary() };
    }
}
