using MathNet.Numerics.LinearAlgebra;

namespace Dl4m.Training.Losses;

/// <summary>
/// Fits the note-loss polynomial: least squares to the sampled <see cref="NoteLossTarget"/> plus a roughness
/// penalty, subject to exact linear constraints (MathNet.Numerics SVD for the constraints' null space, QR for
/// the least squares).
/// </summary>
/// <remarks>
/// Constraints, for every consonant point m within ±12: p(m) = target(m) and p'(m) = 0, so the minima sit
/// exactly on the consonant intervals and p(0) = 0. And the octave continuation must join smoothly at ±R
/// (R = fit range): p(R) − p(R−12) = p(12) − p(0), p'(R) = p'(R−12), and the same at −R with −12.
/// The unknowns are Chebyshev coefficients in x = d / R, which keeps the problem well conditioned.
/// </remarks>
internal static class NoteLossFitter
{
    public static ChebyshevSeries Fit(NoteLossOptions options, NoteLossTarget target)
    {
        Validate(options);
        int n = options.Degree + 1;
        double range = options.FitRange;

        // Equality constraints C·c = e.
        var constraintRows = new List<double[]>();
        var constraintValues = new List<double>();
        for (int i = 0; i < target.Points.Count; i++)
        {
            var (value, slope, _) = BasisRows(target.Points[i], range, n);
            constraintRows.Add(value); constraintValues.Add(target.MinimumAt(i));
            constraintRows.Add(slope); constraintValues.Add(0);
        }
        foreach (int side in new[] { 1, -1 })
        {
            var (edge, edgeSlope, _) = BasisRows(side * range, range, n);
            var (inner, innerSlope, _) = BasisRows(side * (range - 12), range, n);
            var (octave, _, _) = BasisRows(side * 12, range, n);
            var (zero, _, _) = BasisRows(0, range, n);
            constraintRows.Add(Combine(edge, inner, octave, zero)); constraintValues.Add(0);
            constraintRows.Add(Combine(edgeSlope, innerSlope, null, null)); constraintValues.Add(0);
        }
        var c = Matrix<double>.Build.DenseOfRowArrays(constraintRows);
        var e = Vector<double>.Build.DenseOfEnumerable(constraintValues);

        // Every solution of C·c = e is c0 + N·z, with c0 the least-norm solution and N the null space of C.
        var svd = c.Svd(computeVectors: true);
        double tolerance = 1e-10 * svd.S[0];
        int rank = svd.S.Count(s => s > tolerance);
        var vt = svd.VT; // (n,n)
        var c0 = Vector<double>.Build.Dense(n);
        var ute = svd.U.TransposeThisAndMultiply(e);
        for (int k = 0; k < rank; k++) c0 += vt.Row(k) * (ute[k] / svd.S[k]);
        var nullSpace = vt.SubMatrix(rank, n - rank, 0, n).Transpose(); // (n, n−rank)

        // Least squares: sampled anchors, then sqrt(λ·h)·p'' on a grid (the roughness penalty).
        int samples = (int)Math.Round(2 * range / options.AnchorSpacing) + 1;
        const int roughnessPoints = 301;
        double h = 2 * range / (roughnessPoints - 1), roughnessWeight = Math.Sqrt(options.RoughnessPenalty * h);
        var a = Matrix<double>.Build.Dense(samples + roughnessPoints, n); // (samples + grid, n)
        var b = Vector<double>.Build.Dense(samples + roughnessPoints);
        for (int i = 0; i < samples; i++)
        {
            double d = Math.Min(-range + i * options.AnchorSpacing, range);
            var (value, _, _) = BasisRows(d, range, n);
            a.SetRow(i, value);
            b[i] = target.Value(d);
        }
        for (int j = 0; j < roughnessPoints; j++)
        {
            var (_, _, curvature) = BasisRows(-range + j * h, range, n);
            for (int k = 0; k < n; k++) a[samples + j, k] = roughnessWeight * curvature[k];
        }
        var reduced = a * nullSpace;
        var z = reduced.QR().Solve(b - a * c0);
        var coefficients = (c0 + nullSpace * z).ToArray();

        // The constraints already make p(0) = 0 up to rounding; shifting makes it exact.
        coefficients[0] -= new ChebyshevSeries(coefficients, range).Value(0);
        return new ChebyshevSeries(coefficients, range);
    }

    private static void Validate(NoteLossOptions options)
    {
        if (options.Degree is < 4 or > 60)
            throw new Dl4mException($"note loss: degree {options.Degree} is outside 4–60.");
        if (!(options.FitRange >= 12 && options.FitRange <= 18))
            throw new Dl4mException($"note loss: fit range {options.FitRange} is outside [12, 18] semitones.");
        if (!(options.AnchorSpacing > 0 && options.AnchorSpacing <= 0.5))
            throw new Dl4mException($"note loss: anchor spacing {options.AnchorSpacing} must be in (0, 0.5] semitones.");
        if (!(options.RoughnessPenalty >= 0) || double.IsInfinity(options.RoughnessPenalty))
            throw new Dl4mException($"note loss: roughness penalty {options.RoughnessPenalty} must be a finite number ≥ 0.");
    }

    /// <summary>Rows giving p(d), p'(d), p''(d) (derivatives in d) as dot products with the coefficients.</summary>
    private static (double[] Value, double[] Slope, double[] Curvature) BasisRows(double d, double range, int n)
    {
        var t = new double[n];
        var t1 = new double[n];
        var t2 = new double[n];
        ChebyshevSeries.Basis(d / range, t, t1, t2);
        for (int k = 0; k < n; k++) { t1[k] /= range; t2[k] /= range * range; }
        return (t, t1, t2);
    }

    /// <summary>first − second − third + fourth (null rows count as zero).</summary>
    private static double[] Combine(double[] first, double[] second, double[]? third, double[]? fourth)
    {
        var row = new double[first.Length];
        for (int k = 0; k < row.Length; k++)
            row[k] = first[k] - second[k] - (third?[k] ?? 0) + (fourth?[k] ?? 0);
        return row;
    }
}
