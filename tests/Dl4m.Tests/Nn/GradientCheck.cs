using Dl4m.Nn;

namespace Dl4m.Tests.Nn;

/// <summary>
/// Central finite differences of the model's MSE loss (or any <see cref="IOutputLoss"/> through the engine hook)
/// against the analytic gradients. The forward
/// pass is float32, so the difference step is 1e-3 and the loss is summed in double; the
/// tolerance is relative (2e-2 of the larger magnitude) with an absolute floor for near-zero entries.
/// </summary>
internal static class GradientCheck
{
    public const float Step = 1e-3f;
    public const double Relative = 2e-2;
    public const double Absolute = 2e-4;

    public static (float[] Input, float[] Target) RandomBatch(Model model, int batch, int steps, int seed)
    {
        var random = new Random(seed);
        var input = new float[batch * steps * model.InputSize];
        var target = new float[model.OutputLength(batch, steps)];
        for (int i = 0; i < input.Length; i++) input[i] = (float)(random.NextDouble() * 2 - 1);
        for (int i = 0; i < target.Length; i++) target[i] = (float)(random.NextDouble() * 2 - 1);
        return (input, target);
    }

    private static double Difference(Func<double> loss, float[] weights, int i, float step)
    {
        float saved = weights[i];
        weights[i] = saved + step;
        double plus = loss();
        weights[i] = saved - step;
        double minus = loss();
        weights[i] = saved;
        return (plus - minus) / (2.0 * step);
    }

    /// <summary>Checks every parameter; returns the worst relative error seen.</summary>
    public static double Check(Model model, int batch, int steps, int seed)
    {
        var (input, target) = RandomBatch(model, batch, steps, seed);
        model.ComputeGradients(input, target, batch, steps);
        return CheckAgainst(model, () => model.Loss(input, target, batch, steps));
    }

    /// <summary>
    /// Checks every parameter's gradient from the engine hook with <paramref name="loss"/> (the loss value is what
    /// ComputeGradients returns); returns the worst relative error seen. The step is 1e-2, not 1e-3: a
    /// cross-entropy row loss is float32 around ln(classes), and its rounding over a 1e-3 step would swamp
    /// gradients near 1e-3 (the curvature error of the larger step is ~1e-4 relative).
    /// </summary>
    public static double Check(Model model, float[] input, float[] target, int batch, int steps, IOutputLoss loss)
    {
        model.ComputeGradients(input, target, batch, steps, loss);
        var analytic = model.Gradients.Select(g => g.Data.ToArray()).ToArray();
        return CheckAgainst(model, () => model.ComputeGradients(input, target, batch, steps, loss), analytic, 1e-2f);
    }

    public static double CheckAgainst(Model model, Func<double> loss, float[][]? analyticGradients = null, float step = Step)
    {
        double worst = 0;
        for (int p = 0; p < model.Parameters.Count; p++)
        {
            var weights = model.Parameters[p].Data;
            var analytic = analyticGradients?[p] ?? model.Gradients[p].Data.ToArray();
            for (int i = 0; i < weights.Length; i++)
            {
                double numeric = Difference(loss, weights, i, step);
                double error = Math.Abs(numeric - analytic[i]);
                double scale = Math.Max(Math.Abs(numeric), Math.Abs(analytic[i]));
                if (error > Relative * scale + Absolute)
                {
                    // A relu kink within ±Step of this point breaks the difference quotient, not the
                    // gradient: retry once with a step 10× smaller (float noise is still below the floor).
                    numeric = Difference(loss, weights, i, step / 10);
                    error = Math.Abs(numeric - analytic[i]);
                    scale = Math.Max(Math.Abs(numeric), Math.Abs(analytic[i]));
                }
                Assert.True(error <= Relative * scale + Absolute,
                    $"{model.Parameters[p].Name}[{i}]: analytic {analytic[i]:G6}, finite difference {numeric:G6}");
                if (scale > 1e-3) worst = Math.Max(worst, error / scale);
            }
        }
        return worst;
    }
}
