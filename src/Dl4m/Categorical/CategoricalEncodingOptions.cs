namespace Dl4m.Categorical;

/// <summary>
/// The choices behind a <see cref="CategoricalEncoding"/> that <see cref="CategoricalEncodingBuilder.Fit"/> cannot
/// learn from data: heads, bin counts and ranges, label conditioning, key normalisation.
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

    /// <summary>Number of Δtime bins (bin 0 = chord, then log-spaced).</summary>
    public int DeltaBins { get; init; } = 32;

    /// <summary>Number of duration bins (bin 0 = shorter than <see cref="MinSeconds"/>, then log-spaced).</summary>
    public int DurationBins { get; init; } = 32;

    /// <summary>Upper edge of bin 0 and lower edge of the log-spaced bins, in seconds.</summary>
    public double MinSeconds { get; init; } = 0.02;

    /// <summary>Lower edge of the last (open) bin, in seconds.</summary>
    public double MaxSeconds { get; init; } = 4.0;

    /// <summary>Condition on the songs' labels (--labels auto); they are used only when the dataset has 2 or more.</summary>
    public bool Labels { get; init; } = true;

    /// <summary>Transpose every song to C major / A minor by its estimated key (--normalize-key).</summary>
    public bool NormalizeKey { get; init; }
}
