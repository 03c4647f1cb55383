namespace Dl4m.Training.Losses;

/// <summary>
/// The musical note loss L(d) over d = predicted note − true note, in semitones: 0 at d = 0, low at the
/// consonant intervals (by default 0, 4, 7 semitones modulo 12, so also −5, −8, ±12), high in between.
/// </summary>
/// <remarks>
/// <para>Inside the fit range [−R, R] (R = <see cref="NoteLossOptions.FitRange"/>, default 15) L is a
/// least-squares polynomial (see <see cref="NoteLossOptions"/>).</para>
/// <para>Outside it L continues periodically by octaves, so it never explodes: for d &gt; R,
/// L(d) = p(d − 12k) + k·<see cref="OctaveStepUp"/> with k = ⌈(d − R)/12⌉ (so d − 12k lies in (R−12, R]);
/// for d &lt; −R, L(d) = p(d + 12k) + k·<see cref="OctaveStepDown"/> with k = ⌈(−R − d)/12⌉. The steps are
/// the curve's own values at +12 and −12, so each further octave costs a little more. The fit constrains
/// p(R) − p(R−12) = p(12) and p'(R) = p'(R−12) (and likewise at −R), so L is continuous with a continuous
/// derivative at the seams ±R, ±(R+12), …; the derivative there is p'(±R), the same from both sides up to rounding.</para>
/// <para>Evaluation is Clenshaw's recurrence in double: no allocation, thread-safe.</para>
/// </remarks>
public sealed class NoteLoss
{
    private static readonly Lazy<NoteLoss> DefaultInstance = new(() => Fit(new NoteLossOptions()));

    private readonly ChebyshevSeries _polynomial;
    private readonly double _range;

    private NoteLoss(NoteLossOptions options, ChebyshevSeries polynomial)
    {
        Options = options;
        _polynomial = polynomial;
        _range = options.FitRange;
        OctaveStepUp = polynomial.Value(12);
        OctaveStepDown = polynomial.Value(-12);
    }

    /// <summary>The note loss with the default <see cref="NoteLossOptions"/> (fitted once, on first use).</summary>
    public static NoteLoss Default => DefaultInstance.Value;

    /// <summary>Fits the polynomial for <paramref name="options"/>.</summary>
    /// <exception cref="Dl4mException">The options are inconsistent (degree, range, intervals or values out of bounds).</exception>
    public static NoteLoss Fit(NoteLossOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var target = new NoteLossTarget(options);
        return new NoteLoss(options, NoteLossFitter.Fit(options, target));
    }

    /// <summary>The options this loss was fitted with.</summary>
    public NoteLossOptions Options { get; }

    /// <summary>Extra loss per octave beyond the fit range upwards: L(12) (the value at an octave above).</summary>
    public double OctaveStepUp { get; }

    /// <summary>Extra loss per octave beyond the fit range downwards: L(−12) (the value at an octave below).</summary>
    public double OctaveStepDown { get; }

    /// <summary>Chebyshev coefficients c_k of the fitted polynomial p(d) = Σ c_k·T_k(d / R).</summary>
    public ReadOnlySpan<double> ChebyshevCoefficients => _polynomial.Coefficients;

    /// <summary>L(d) for d semitones (any finite d).</summary>
    public double Value(double semitones) => Evaluate(semitones, out _);

    /// <summary>dL/dd at d semitones (any finite d).</summary>
    public double Derivative(double semitones)
    {
        Evaluate(semitones, out double derivative);
        return derivative;
    }

    /// <summary>L(d) and dL/dd in one pass.</summary>
    public double Evaluate(double semitones, out double derivative)
    {
        double d = semitones, offset = 0;
        if (d > _range)
        {
            double k = Math.Ceiling((d - _range) / 12);
            d -= 12 * k;
            offset = k * OctaveStepUp;
        }
        else if (d < -_range)
        {
            double k = Math.Ceiling((-_range - d) / 12);
            d += 12 * k;
            offset = k * OctaveStepDown;
        }
        return _polynomial.Evaluate(d, out derivative) + offset;
    }

    /// <summary>
    /// The raw fitted polynomial p(d), without the octave continuation: equal to <see cref="Value"/> inside
    /// the fit range, and meaningless (it grows like d^degree) outside it. For plots and checks.
    /// </summary>
    public double Polynomial(double semitones) => _polynomial.Value(semitones);
}
