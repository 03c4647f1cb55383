namespace Dl4m.Training.Losses;

/// <summary>
/// A polynomial p(d) = Σ c_k·T_k(d / scale) in the Chebyshev basis, evaluated with Clenshaw's recurrence.
/// Chebyshev rather than powers of d because a degree-30 fit in powers of d (or even of d/15) loses
/// most of its digits to cancellation; Clenshaw costs the same as Horner.
/// </summary>
internal sealed class ChebyshevSeries
{
    private readonly double[] _coefficients;
    private readonly double[] _derivativeCoefficients; // of dp/dx, x = d / scale
    private readonly double _inverseScale;

    public ChebyshevSeries(double[] coefficients, double scale)
    {
        if (coefficients.Length == 0) throw new ArgumentException("A Chebyshev series needs at least one coefficient.", nameof(coefficients));
        _coefficients = (double[])coefficients.Clone();
        _inverseScale = 1.0 / scale;
        Scale = scale;
        _derivativeCoefficients = Differentiate(_coefficients);
    }

    /// <summary>d is divided by this before evaluating the T_k.</summary>
    public double Scale { get; }

    public int Degree => _coefficients.Length - 1;

    public ReadOnlySpan<double> Coefficients => _coefficients;

    /// <summary>p(d).</summary>
    public double Value(double d) => Clenshaw(_coefficients, d * _inverseScale);

    /// <summary>dp/dd (the chain rule's 1/scale included).</summary>
    public double Derivative(double d) => Clenshaw(_derivativeCoefficients, d * _inverseScale) * _inverseScale;

    /// <summary>p(d) and dp/dd in one pass over the coefficients.</summary>
    public double Evaluate(double d, out double derivative)
    {
        double x = d * _inverseScale, twoX = 2 * x;
        int n = _coefficients.Length - 1;
        double b1 = 0, b2 = 0, e1 = 0, e2 = 0;
        for (int k = n; k >= 1; k--)
        {
            double b0 = _coefficients[k] + twoX * b1 - b2;
            b2 = b1; b1 = b0;
            if (k <= n - 1)
            {
                double e0 = _derivativeCoefficients[k] + twoX * e1 - e2;
                e2 = e1; e1 = e0;
            }
        }
        derivative = (n >= 1 ? _derivativeCoefficients[0] + x * e1 - e2 : 0) * _inverseScale;
        return _coefficients[0] + x * b1 - b2;
    }

    private static double Clenshaw(double[] c, double x)
    {
        double twoX = 2 * x, b1 = 0, b2 = 0;
        for (int k = c.Length - 1; k >= 1; k--)
        {
            double b0 = c[k] + twoX * b1 - b2;
            b2 = b1; b1 = b0;
        }
        return c[0] + x * b1 - b2;
    }

    /// <summary>Coefficients of dp/dx: c'_{k-1} = c'_{k+1} + 2k·c_k, with c'_0 halved.</summary>
    private static double[] Differentiate(double[] c)
    {
        int n = c.Length - 1;
        if (n == 0) return [0.0];
        var d = new double[n + 1]; // one spare slot keeps the recurrence free of bounds checks
        for (int k = n; k >= 1; k--)
            d[k - 1] = (k + 1 <= n ? d[k + 1] : 0) + 2 * k * c[k];
        d[0] *= 0.5;
        return d[..n];
    }

    /// <summary>T_k(x), T_k'(x), T_k''(x) for k = 0..degree (derivatives with respect to x).</summary>
    public static void Basis(double x, Span<double> t, Span<double> t1, Span<double> t2)
    {
        int count = t.Length;
        t[0] = 1; t1[0] = 0; t2[0] = 0;
        if (count == 1) return;
        t[1] = x; t1[1] = 1; t2[1] = 0;
        for (int k = 1; k < count - 1; k++)
        {
            t[k + 1] = 2 * x * t[k] - t[k - 1];
            t1[k + 1] = 2 * t[k] + 2 * x * t1[k] - t1[k - 1];
            t2[k + 1] = 4 * t1[k] + 2 * x * t2[k] - t2[k - 1];
        }
    }
}
