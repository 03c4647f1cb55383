namespace Dl4m.Music;

/// <summary>
/// Krumhansl–Schmuckler key finding: the Pearson correlation of a pitch-class weight vector with the
/// Krumhansl–Kessler major and minor profiles rotated to each of the 12 tonics; the best of the 24 is the key.
/// Ties go to the first in the order C major … B major, C minor … B minor.
/// </summary>
public static class KeyEstimator
{
    /// <summary>Krumhansl–Kessler major profile, tonic first.</summary>
    public static readonly double[] MajorProfile = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];

    /// <summary>Krumhansl–Kessler minor profile, tonic first.</summary>
    public static readonly double[] MinorProfile = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

    /// <summary>Key index 0–23 (0–11 major tonics C…B, 12–23 minor) and its correlation; null when the weights are flat or empty.</summary>
    public static (int Key, double Correlation)? Estimate(ReadOnlySpan<double> pitchClassWeights)
    {
        double mean = 0;
        for (int i = 0; i < 12; i++) mean += pitchClassWeights[i];
        mean /= 12;
        double variance = 0;
        for (int i = 0; i < 12; i++) variance += (pitchClassWeights[i] - mean) * (pitchClassWeights[i] - mean);
        if (!(variance > 0)) return null;

        int bestKey = -1;
        double best = double.NegativeInfinity;
        for (int key = 0; key < 24; key++)
        {
            var profile = key < 12 ? MajorProfile : MinorProfile;
            int tonic = key % 12;
            double r = Pearson(profile, pitchClassWeights, tonic);
            if (r > best) { best = r; bestKey = key; }
        }
        return (bestKey, best);
    }

    /// <summary>Correlation of profile[i] with weights[(tonic + i) mod 12].</summary>
    private static double Pearson(double[] profile, ReadOnlySpan<double> weights, int tonic)
    {
        double mp = 0, mw = 0;
        for (int i = 0; i < 12; i++) { mp += profile[i]; mw += weights[(tonic + i) % 12]; }
        mp /= 12;
        mw /= 12;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < 12; i++)
        {
            double x = profile[i] - mp, y = weights[(tonic + i) % 12] - mw;
            sxy += x * y;
            sxx += x * x;
            syy += y * y;
        }
        return sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>"C major" … "B minor".</summary>
    public static string Name(int key) => $"{PitchClass.Name(key % 12)} {(key < 12 ? "major" : "minor")}";
}
