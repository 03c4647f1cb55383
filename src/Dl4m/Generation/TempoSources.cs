namespace Dl4m.Generation;

/// <summary>Where a categorical song's tempo came from, as reported by <c>dl4m generate</c> (<see cref="GeneratedFile.TempoSource"/>).</summary>
public static class TempoSources
{
    /// <summary>Given with --bpm.</summary>
    public const string Option = "bpm option";

    /// <summary>The median tempo of the primer song's notes.</summary>
    public const string Primer = "primer";

    /// <summary>The training corpus' median tempo (encoding.json), when the primer has none.</summary>
    public const string Corpus = "corpus median";
}
