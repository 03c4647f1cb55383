namespace Dl4m.Training.Losses;

/// <summary>
/// How the musical note loss is built: which intervals count as consonant, the loss values at the
/// anchor points, and the polynomial fit. The defaults reproduce the poster's curve with its minima
/// exactly on the consonant intervals (0, +4, +7, ±12, −5, −8 semitones).
/// </summary>
/// <remarks>
/// The anchor shape: inside one octave each side of the true note, the target loss dips to
/// <see cref="MinimumValues"/> at every consonant point and rises to <see cref="PeakValues"/> halfway
/// between two neighbouring consonant points, with half-cosine flanks in between. Beyond ±12 the shape
/// repeats the octave nearest the true note, raised by the value at ±12 (an octave away costs a little).
/// That target is sampled every <see cref="AnchorSpacing"/> semitones over ±<see cref="FitRange"/> and fitted
/// by least squares; the minima positions, slopes and values are exact equality constraints.
/// </remarks>
public sealed record NoteLossOptions
{
    /// <summary>
    /// Polynomial degree of the fit (default 42). The Chebyshev basis keeps high degrees well conditioned, and
    /// the dense anchors keep them from ringing; below about 34 the narrow bumps at −6.5 and +5.5 fall short of
    /// their anchor values and extra dips appear near ±14.7.
    /// </summary>
    public int Degree { get; init; } = 42;

    /// <summary>
    /// Half-width of the fitted range in semitones (default 15, as on the poster). Must lie in [12, 18]:
    /// at least one octave, and the periodic continuation beyond it repeats the last 12 semitones.
    /// </summary>
    public double FitRange { get; init; } = 15;

    /// <summary>Consonant intervals as pitch classes 0–11 (default 0, 4, 7: unison/octave, major third, fifth). Must contain 0.</summary>
    public IReadOnlyList<int> ConsonantIntervals { get; init; } = [0, 4, 7];

    /// <summary>
    /// Loss at consonant points within one octave (key: signed interval, −12…12). Defaults are the poster's
    /// minima: 0 → 0, +4 → 0.15, +7 → 0.13, +12 → 0.11, −5 → 0.26, −8 → 0.24, −12 → 0.07.
    /// A consonant point without an entry gets <see cref="DefaultMinimumValue"/>; 0 is always 0.
    /// </summary>
    public IReadOnlyDictionary<int, double> MinimumValues { get; init; } = new Dictionary<int, double>
    {
        [-12] = 0.07, [-8] = 0.24, [-5] = 0.26, [0] = 0.0, [4] = 0.15, [7] = 0.13, [12] = 0.11,
    };

    /// <summary>
    /// Loss halfway between two neighbouring consonant points within one octave (key: the midpoint).
    /// Defaults are the poster's maxima: −10 → 1.05, −6.5 → 0.80, −2.5 → 1.13, 2 → 0.71, 5.5 → 0.52, 9.5 → 0.86.
    /// A midpoint without an entry gets <see cref="DefaultPeakValue"/>.
    /// </summary>
    public IReadOnlyDictionary<double, double> PeakValues { get; init; } = new Dictionary<double, double>
    {
        [-10] = 1.05, [-6.5] = 0.80, [-2.5] = 1.13, [2] = 0.71, [5.5] = 0.52, [9.5] = 0.86,
    };

    /// <summary>Loss at a consonant point that <see cref="MinimumValues"/> does not list (default 0.15).</summary>
    public double DefaultMinimumValue { get; init; } = 0.15;

    /// <summary>Loss at a midpoint that <see cref="PeakValues"/> does not list (default 1.0).</summary>
    public double DefaultPeakValue { get; init; } = 1.0;

    /// <summary>Spacing of the sampled anchor points in semitones (default 0.1: 301 points over ±15).</summary>
    public double AnchorSpacing { get; init; } = 0.1;

    /// <summary>
    /// Weight of the roughness penalty λ·∫p''(d)² dd added to the least squares (default 0.01).
    /// It damps wiggles between anchors; 0 gives the plain constrained least-squares fit.
    /// </summary>
    public double RoughnessPenalty { get; init; } = 0.01;
}
