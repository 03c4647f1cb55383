namespace Dl4m.Generation;

/// <summary>How a generated note's length is chosen (the model predicts onsets, not durations).</summary>
public enum DurationKind
{
    /// <summary>Until the next onset that is not part of the same chord, at least <see cref="DurationRule.MinimumSeconds"/>.</summary>
    Legato,

    /// <summary>Every note lasts the same number of seconds.</summary>
    Fixed,

    /// <summary>Every note lasts the corpus's median note duration (from the dataset manifest statistics).</summary>
    Corpus,
}
