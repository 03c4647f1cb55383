namespace Dl4m.Categorical;

/// <summary>
/// The choices behind a <see cref="CategoricalEncoding"/> that <see cref="CategoricalEncodingBuilder.Fit"/> cannot
/// learn from data: heads, velocity bins, bar positions, label conditioning, key normalisation.
/// </summary>
public sealed record CategoricalEncodingOptions
{
    /// <summary>Pitch softmax or interval softmax (--notes).</summary>
    public NoteTarget Notes { get; init; } = NoteTarget.Pitch;

    /// <summary>R of the interval head: −R…+R semitones (--interval-range).</summary>
    public int IntervalRange { get; init; } = 36;

    /// <summary>Equal-width velocity bins over 1…127.</summary>
    public int VelocityBins { get; init; } = 16;

    /// <summary>Velocity head: bins or regression (--velocity).</summary>
    public HeadKind Velocity { get; init; } = HeadKind.Classes;

    /// <summary>Δtime and duration heads: bins or regression (--timing).</summary>
    public HeadKind Timing { get; init; } = HeadKind.Classes;

    /// <summary>Bar position classes of the input (grid steps from the bar's start; 0 = no bar input).</summary>
    public int BarPositions { get; init; } = CategoricalEncoding.DefaultBarPositions;

    /// <summary>Condition on the songs' labels (--labels auto); they are used only when the dataset has 2 or more.</summary>
    public bool Labels { get; init; } = true;

    /// <summary>Transpose every song to C major / A minor by its estimated key (--normalize-key).</summary>
    public bool NormalizeKey { get; init; }

    /// <summary>Lookback inputs, bars back (--lookback-bars; <see cref="CategoricalEncoding.LookbackBars"/>); empty = none.</summary>
    public IReadOnlyList<int> LookbackBars { get; init; } = CategoricalEncoding.DefaultLookbackBars;

    /// <summary>What the lookback blocks suggest (<see cref="CategoricalEncoding.LookbackVersion"/>): whole events read by a copy layer, with match flags for the LSTM, by default (version 3).</summary>
    public int LookbackVersion { get; init; } = CategoricalEncoding.MatchedEventLookback;
}
