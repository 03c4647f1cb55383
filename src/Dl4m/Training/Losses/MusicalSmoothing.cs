using Dl4m.Categorical;

namespace Dl4m.Training.Losses;

/// <summary>
/// "Musical label smoothing": the note head's training target for true class c is
/// q_c = (1 − ε)·onehot(c) + ε·w_c, where w_c spreads the smoothed mass over the other classes n ≠ c by the note
/// loss's interval costs, w_c(n) ∝ exp(−L(n − c)/τ) (L = <see cref="NoteLoss.Default"/>, n − c in semitones: for
/// pitch classes the interval between the pitches, for interval classes the difference of the intervals, which is
/// again the interval between the two resulting pitches). Consonant neighbours (octaves, fifth, fourth, major third,
/// minor sixth) cost little and get most of ε; seconds and tritones get little. ε = 0 gives plain one-hot targets.
/// </summary>
public static class MusicalSmoothing
{
    /// <summary>
    /// Default τ (0.05 loss units). With the note loss's scale (0 at unison, 0.07–0.26 at the consonant
    /// intervals, 0.3–1.2 elsewhere) it gives the consonant neighbours of c most of ε and ±1 semitone little;
    /// see docs/engine.md for the shares at c = 60.
    /// </summary>
    public const double DefaultTemperature = 0.05;

    /// <summary>
    /// The (C×C) row-major table of target rows: row c is q_c over the encoding's <see cref="CategoricalEncoding.NoteClasses"/>
    /// classes. Each row sums to 1 (up to float rounding).
    /// </summary>
    /// <exception cref="Dl4mException"><paramref name="smoothing"/> is not in [0, 1), or <paramref name="temperature"/> is not positive and finite.</exception>
    public static float[] Table(CategoricalEncoding encoding, double smoothing, double temperature)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        if (!(smoothing >= 0 && smoothing < 1))
            throw new Dl4mException($"CategoricalTokenOptions.Smoothing must be at least 0 and below 1 (got {smoothing})", "CategoricalTokenOptions.Smoothing");
        if (!(temperature > 0) || double.IsInfinity(temperature))
            throw new Dl4mException($"CategoricalTokenOptions.SmoothingTemperature must be a positive number (got {temperature})", "CategoricalTokenOptions.SmoothingTemperature");
        int classes = encoding.NoteClasses;
        var table = new float[classes * classes];
        var costs = Costs(classes);
        var weights = new double[classes];
        for (int c = 0; c < classes; c++)
        {
            var row = table.AsSpan(c * classes, classes);
            row[c] = (float)(1 - smoothing);
            if (smoothing == 0 || classes == 1) continue;
            Spread(costs, c, temperature, weights);
            for (int n = 0; n < classes; n++)
                if (n != c) row[n] = (float)(smoothing * weights[n]);
        }
        return table;
    }

    /// <summary>
    /// w_c: the share of the smoothed mass each class n ≠ c gets (w_c(c) = 0, Σ = 1), for <paramref name="classes"/>
    /// classes one semitone apart.
    /// </summary>
    public static double[] Weights(int classes, int trueClass, double temperature)
    {
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), "needs at least 2 classes");
        if ((uint)trueClass >= (uint)classes) throw new ArgumentOutOfRangeException(nameof(trueClass));
        var weights = new double[classes];
        Spread(Costs(classes), trueClass, temperature, weights);
        return weights;
    }

    /// <summary>L(d) for d = −(C−1) … C−1 at index d + C − 1.</summary>
    private static double[] Costs(int classes)
    {
        var loss = NoteLoss.Default;
        var costs = new double[2 * classes - 1];
        for (int d = -(classes - 1); d < classes; d++) costs[d + classes - 1] = loss.Value(d);
        return costs;
    }

    private static void Spread(double[] costs, int c, double temperature, double[] weights)
    {
        int classes = weights.Length;
        // exp(−(L − Lmin)/τ): the smallest cost among n ≠ c gets weight 1, so nothing underflows to an all-zero row.
        double least = double.PositiveInfinity;
        for (int n = 0; n < classes; n++)
            if (n != c) least = Math.Min(least, costs[n - c + classes - 1]);
        double sum = 0;
        for (int n = 0; n < classes; n++)
        {
            weights[n] = n == c ? 0 : Math.Exp(-(costs[n - c + classes - 1] - least) / temperature);
            sum += weights[n];
        }
        for (int n = 0; n < classes; n++) weights[n] /= sum;
    }
}
