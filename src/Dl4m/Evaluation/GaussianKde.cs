namespace Dl4m.Evaluation;

/// <summary>
/// A Gaussian kernel density estimate evaluated on an even grid. Samples are linearly binned onto the grid, then
/// convolved with the kernel (cut at 5 bandwidths), so the cost is grid × kernel, not samples × grid.
/// Deterministic: no randomness, fixed order of summation.
/// </summary>
public static class GaussianKde
{
    /// <summary>
    /// Silverman's rule of thumb: 0.9 · min(σ, IQR / 1.34) · n^(−1/5), with σ alone when the IQR is 0 (values on few
    /// levels). Returns 0 when all samples are equal.
    /// </summary>
    public static double SilvermanBandwidth(double[] samples)
    {
        int n = samples.Length;
        if (n < 2) return 0;
        double mean = samples.Average();
        double variance = 0;
        foreach (double x in samples) variance += (x - mean) * (x - mean);
        double sigma = Math.Sqrt(variance / (n - 1));
        var sorted = (double[])samples.Clone();
        Array.Sort(sorted);
        double iqr = Quantile(sorted, 0.75) - Quantile(sorted, 0.25);
        double spread = iqr > 0 ? Math.Min(sigma, iqr / 1.34) : sigma;
        return 0.9 * spread * Math.Pow(n, -0.2);
    }

    /// <summary>Linear-interpolation quantile of sorted values (numpy's default).</summary>
    public static double Quantile(double[] sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>The density at each of <paramref name="points"/> grid points from <paramref name="lo"/> in steps of <paramref name="step"/>.</summary>
    public static double[] Evaluate(double[] samples, double bandwidth, double lo, double step, int points)
    {
        var bins = new double[points];
        foreach (double x in samples)
        {
            double t = (x - lo) / step;
            int i = (int)Math.Floor(t);
            double f = t - i;
            if (i >= 0 && i < points) bins[i] += 1 - f;
            if (i + 1 >= 0 && i + 1 < points) bins[i + 1] += f;
        }
        int reach = (int)Math.Min(points, Math.Ceiling(5 * bandwidth / step));
        var kernel = new double[reach + 1];
        double norm = 1.0 / (samples.Length * bandwidth * Math.Sqrt(2 * Math.PI));
        for (int d = 0; d <= reach; d++)
        {
            double z = d * step / bandwidth;
            kernel[d] = norm * Math.Exp(-0.5 * z * z);
        }
        var density = new double[points];
        for (int i = 0; i < points; i++)
        {
            if (bins[i] == 0) continue;
            int from = Math.Max(0, i - reach), to = Math.Min(points - 1, i + reach);
            for (int k = from; k <= to; k++) density[k] += bins[i] * kernel[Math.Abs(k - i)];
        }
        return density;
    }
}
