namespace Dl4m.Evaluation;

/// <summary>
/// Compares two samples the way Yang &amp; Lerch (2019) compare distance distributions: each is smoothed by a
/// Gaussian KDE (Silverman bandwidth), both are evaluated on one grid of <see cref="GridPoints"/> points spanning
/// both samples ± 4 bandwidths, and the overlapped area ∫ min(p, q) (trapezoid rule) and the Kullback–Leibler
/// divergence KL(p ‖ q) = Σ p̂ ln(p̂ / q̂) over the grid (p̂, q̂ the grid densities normalised to sum 1, q̂ floored
/// at 1e-12 of its peak so empty tails stay finite) are reported.
/// </summary>
public static class DistributionOverlap
{
    /// <summary>Grid points of the numeric integration.</summary>
    public const int GridPoints = 2048;

    /// <summary>
    /// (overlapped area in [0, 1], KL divergence ≥ 0 in nats); null when either sample has fewer than 2 values.
    /// Samples whose values are all equal get a bandwidth of 1/1000 of the span of both samples (or 1e-3 if
    /// everything is equal), the narrowest bump the grid can still resolve.
    /// </summary>
    public static (double OverlapArea, double KlDivergence)? Compare(double[] p, double[] q)
    {
        if (p.Length < 2 || q.Length < 2) return null;
        double min = Math.Min(p.Min(), q.Min()), max = Math.Max(p.Max(), q.Max());
        double span = max - min;
        double floor = span > 0 ? span / 1000 : 1e-3;
        double hp = Math.Max(GaussianKde.SilvermanBandwidth(p), floor);
        double hq = Math.Max(GaussianKde.SilvermanBandwidth(q), floor);
        double lo = min - 4 * Math.Max(hp, hq), hi = max + 4 * Math.Max(hp, hq);
        double step = (hi - lo) / (GridPoints - 1);
        var dp = GaussianKde.Evaluate(p, hp, lo, step, GridPoints);
        var dq = GaussianKde.Evaluate(q, hq, lo, step, GridPoints);

        double overlap = 0, sumP = 0, sumQ = 0, peakQ = 0;
        for (int i = 0; i < GridPoints; i++)
        {
            double m = Math.Min(dp[i], dq[i]);
            overlap += (i == 0 || i == GridPoints - 1 ? 0.5 : 1) * m * step;
            sumP += dp[i];
            sumQ += dq[i];
            peakQ = Math.Max(peakQ, dq[i]);
        }
        double qFloor = 1e-12 * peakQ;
        double kl = 0;
        for (int i = 0; i < GridPoints; i++)
        {
            if (dp[i] <= 0) continue;
            double pi = dp[i] / sumP, qi = Math.Max(dq[i], qFloor) / sumQ;
            kl += pi * Math.Log(pi / qi);
        }
        return (Math.Clamp(overlap, 0, 1), Math.Max(0, kl));
    }
}
