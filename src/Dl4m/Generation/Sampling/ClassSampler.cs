namespace Dl4m.Generation.Sampling;

/// <summary>
/// Draws a class from logits with temperature, top-k and top-p (see <see cref="SamplingSettings"/>). Holds its
/// scratch buffers, so a draw allocates nothing; the same logits, settings and <see cref="Random"/> state give the
/// same class. Not thread-safe (one sampler per generator).
/// </summary>
public sealed class ClassSampler
{
    private readonly double[] _weights;
    private readonly double[] _sortKeys;
    private readonly int[] _order;

    /// <summary>A sampler for heads of up to <paramref name="maxClasses"/> classes.</summary>
    public ClassSampler(int maxClasses)
    {
        if (maxClasses < 1) throw new ArgumentOutOfRangeException(nameof(maxClasses), "needs at least one class");
        _weights = new double[maxClasses];
        _sortKeys = new double[maxClasses];
        _order = new int[maxClasses];
    }

    /// <summary>Largest head this sampler takes.</summary>
    public int MaxClasses => _weights.Length;

    /// <summary>
    /// The index of the largest logit (the first of equal ones); NaN logits never win. 0 when no logit is a number.
    /// </summary>
    public static int ArgMax(ReadOnlySpan<float> logits)
    {
        int best = 0;
        float max = float.NegativeInfinity;
        bool found = false;
        for (int i = 0; i < logits.Length; i++)
        {
            float v = logits[i];
            if (v > max || (!found && !float.IsNaN(v))) { max = v; best = i; found = true; }
        }
        return best;
    }

    /// <summary>
    /// Writes ln softmax(logits) into <paramref name="logProbabilities"/> (temperature 1, no truncation): what the model
    /// itself says, for scores such as beam search's. NaN logits get −∞.
    /// </summary>
    public static void LogSoftmax(ReadOnlySpan<float> logits, Span<double> logProbabilities)
    {
        double max = double.NegativeInfinity;
        foreach (float v in logits) if (v > max) max = v;
        if (double.IsNegativeInfinity(max) || double.IsNaN(max))
        {
            logProbabilities[..logits.Length].Fill(double.NegativeInfinity);
            return;
        }
        double sum = 0;
        foreach (float v in logits) if (!float.IsNaN(v)) sum += Math.Exp(v - max);
        double logSum = max + Math.Log(sum);
        for (int i = 0; i < logits.Length; i++) logProbabilities[i] = float.IsNaN(logits[i]) ? double.NegativeInfinity : logits[i] - logSum;
    }

    /// <summary>Draws one class index of <paramref name="logits"/> (−∞ logits are never drawn unless all are).</summary>
    public int Sample(ReadOnlySpan<float> logits, in SamplingSettings settings, Random random)
    {
        int n = logits.Length;
        if (n > _weights.Length) throw new ArgumentException($"{n} logits, the sampler was made for at most {_weights.Length}", nameof(logits));
        if (settings.IsGreedy || n == 1) return ArgMax(logits);
        int best = ArgMax(logits);
        double max = logits[best];
        if (!double.IsFinite(max)) return best;

        // weights = exp((l − max)/T): the largest is 1, so nothing overflows; NaN counts as impossible
        var weights = _weights.AsSpan(0, n);
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            float v = logits[i];
            double w = float.IsNaN(v) ? 0 : Math.Exp((v - max) / settings.Temperature);
            weights[i] = w;
            total += w;
        }
        bool truncate = (settings.TopK > 0 && settings.TopK < n) || settings.TopP < 1;
        if (!truncate) return DrawInOrder(weights, total, random);

        // Most likely first: sort the indices by −weight (ties keep no particular order, but the same one every time).
        var keys = _sortKeys.AsSpan(0, n);
        var order = _order.AsSpan(0, n);
        for (int i = 0; i < n; i++) { keys[i] = -weights[i]; order[i] = i; }
        keys.Sort(order);
        int kept = settings.TopK > 0 ? Math.Min(settings.TopK, n) : n;
        double keptMass = 0;
        for (int r = 0; r < kept; r++) keptMass += weights[order[r]];
        if (settings.TopP < 1)
        {
            // the smallest prefix whose mass reaches P of what top-k kept
            double goal = settings.TopP * keptMass, mass = 0;
            int r = 0;
            while (r < kept)
            {
                mass += weights[order[r++]];
                if (mass >= goal) break;
            }
            kept = r;
            keptMass = mass;
        }
        double u = random.NextDouble() * keptMass, running = 0;
        for (int r = 0; r < kept; r++)
        {
            running += weights[order[r]];
            if (u < running) return order[r];
        }
        return order[kept - 1]; // u landed on the rounding error at the top
    }

    private static int DrawInOrder(ReadOnlySpan<double> weights, double total, Random random)
    {
        double u = random.NextDouble() * total, running = 0;
        int last = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            if (weights[i] <= 0) continue;
            running += weights[i];
            last = i;
            if (u < running) return i;
        }
        return last;
    }
}
