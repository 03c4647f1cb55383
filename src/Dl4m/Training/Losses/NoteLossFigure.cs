using Dl4m.Plotting;

namespace Dl4m.Training.Losses;

/// <summary>The figure of the note loss that <c>dl4m loss-plot</c> draws.</summary>
public static class NoteLossFigure
{
    /// <summary>
    /// The loss over its fit range (solid), its octave continuation out to ±<paramref name="extent"/> (lighter),
    /// and optionally a digitised reference curve (dashed).
    /// </summary>
    public static Figure Create(NoteLoss loss, ReferenceCurve? reference = null, double extent = 24)
    {
        ArgumentNullException.ThrowIfNull(loss);
        double range = loss.Options.FitRange;
        var figure = new Figure(
            $"Note loss (degree {loss.Options.Degree}, minima at {string.Join(", ", Minima(loss, range))})",
            "predicted note − true note (semitones)", "loss");

        const double step = 0.02;
        var (xs, ys) = Sample(loss, -range, range, step);
        var (leftX, leftY) = Sample(loss, -extent, -range, step);
        var (rightX, rightY) = Sample(loss, range, extent, step);
        const string lightBlue = "#1f77b466";
        figure.AddLine(leftX, leftY, "octave continuation", lightBlue);
        figure.AddLine(rightX, rightY, null, lightBlue);
        figure.AddLine(xs, ys, $"dl4m note loss (fit over ±{range:0.#})", "#1f77b4");
        if (reference is not null)
            figure.AddLine(reference.Diffs, reference.Losses, $"reference: {Path.GetFileName(reference.Source)}", "#d62728",
                width: 2, dashed: true);

        double top = Math.Max(ys.Max(), Math.Max(leftY.Max(), rightY.Max()));
        if (reference is not null) top = Math.Max(top, reference.Losses.Max());
        figure.SetLimits(-extent, extent, -0.05, top * 1.2);
        return figure;
    }

    private static (double[] X, double[] Y) Sample(NoteLoss loss, double from, double to, double step)
    {
        int count = Math.Max(2, (int)Math.Round((to - from) / step) + 1);
        var x = new double[count];
        var y = new double[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = from + (to - from) * i / (count - 1);
            y[i] = loss.Value(x[i]);
        }
        return (x, y);
    }

    /// <summary>Integer positions of the local minima inside the fit range (for the title).</summary>
    private static IEnumerable<string> Minima(NoteLoss loss, double range) =>
        LocalMinima(loss, -range, range).Select(m => m > 0 ? $"+{m:0.##}" : $"{m:0.##}");

    /// <summary>Local minima of the loss over [from, to] on a 0.001-semitone grid, rounded to 0.01.</summary>
    public static IReadOnlyList<double> LocalMinima(NoteLoss loss, double from, double to)
    {
        ArgumentNullException.ThrowIfNull(loss);
        const double step = 0.001;
        var minima = new List<double>();
        int count = (int)Math.Round((to - from) / step);
        double previous = loss.Value(from), current = loss.Value(from + step);
        for (int i = 1; i < count; i++)
        {
            double next = loss.Value(from + (i + 1) * step);
            if (current < previous && current <= next) minima.Add(Math.Round(from + i * step, 2));
            previous = current;
            current = next;
        }
        return minima;
    }
}
