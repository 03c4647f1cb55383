using Dl4m.IO;
using Dl4m.Plotting;
using ScottPlot;

namespace Dl4m.Evaluation;

/// <summary>
/// The report's PNG figures: pitch-class shares and chord-size shares of the sets side by side, and for every
/// metric the distribution of its per-song values in each set (Gaussian KDE, Silverman bandwidth).
/// </summary>
public static class EvaluationPlots
{
    private const string EvaluatedColor = "#1f77b4";
    private const string ReferenceColor = "#ff7f0e";
    private const int Width = 800, Height = 480;

    /// <summary>
    /// Writes the figures next to <paramref name="reportPath"/> (named after it: report-pitch-classes.png, …) and
    /// returns them for the report to link, in order. Without <paramref name="force"/> an existing figure is refused
    /// before any is written (<see cref="OutputFile"/>).
    /// </summary>
    /// <exception cref="Dl4mException">A figure exists without <paramref name="force"/>, or one cannot be written.</exception>
    public static List<ReportFigure> Write(string reportPath, EvaluatedSet set, EvaluatedSet? reference, bool force = true)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(reportPath))!;
        string stem = Path.GetFileNameWithoutExtension(reportPath);
        var figures = new List<ReportFigure>();
        var pending = new List<(string Path, Figure Figure)>();

        void Save(Figure figure, string suffix, string caption)
        {
            string name = $"{stem}-{suffix}.png";
            pending.Add((Path.Combine(folder, name), figure));
            figures.Add(new ReportFigure(caption, name));
        }

        string[] pitchClasses = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"];
        Save(Bars("Pitch-class shares", "pitch class", pitchClasses, set.PooledPitchClassShares(), reference?.PooledPitchClassShares(), set.Name, reference?.Name),
            "pitch-classes", "Pitch-class shares of all notes");
        Save(Bars("Notes starting together", "notes per onset", ["1", "2", "3", "4", "5+"], set.PooledChordSizeShares(), reference?.PooledChordSizeShares(), set.Name, reference?.Name),
            "chord-sizes", "Share of onsets by chord size");

        for (int m = 0; m < MetricCatalog.Count; m++)
        {
            var metric = MetricCatalog.All[m];
            var a = set.DefinedValues(m);
            var b = reference?.DefinedValues(m) ?? [];
            if (a.Count == 0 && b.Count == 0) continue; // nothing to draw (e.g. pitch-class distance without a reference)
            var figure = new Figure(metric.Title, metric.Title, "density");
            double min = Math.Min(a.DefaultIfEmpty(double.MaxValue).Min(), b.DefaultIfEmpty(double.MaxValue).Min());
            double max = Math.Max(a.DefaultIfEmpty(double.MinValue).Max(), b.DefaultIfEmpty(double.MinValue).Max());
            AddDensity(figure, a, min, max, $"{set.Name} ({a.Count})", EvaluatedColor);
            if (reference is not null) AddDensity(figure, b, min, max, $"{reference.Name} ({b.Count})", ReferenceColor);
            Save(figure, metric.Key.Replace('_', '-'), $"{metric.Title}: distribution over songs");
        }
        foreach (var (path, _) in pending) OutputFile.CheckNew(path, force);
        foreach (var (path, figure) in pending) OutputFile.WriteAllBytes(path, figure.RenderPng(Width, Height), force, "figure");
        return figures;
    }

    private static void AddDensity(Figure figure, List<double> values, double min, double max, string label, string color)
    {
        if (values.Count == 0) return;
        double span = max - min;
        double bandwidth = Math.Max(GaussianKde.SilvermanBandwidth([.. values]), span > 0 ? span / 200 : 1e-3);
        const int points = 400;
        double lo = min - 3 * bandwidth, step = (max - min + 6 * bandwidth) / (points - 1);
        var density = GaussianKde.Evaluate([.. values], bandwidth, lo, step, points);
        figure.AddLine(Enumerable.Range(0, points).Select(i => lo + i * step).ToArray(), density, label, color);
    }

    private static Figure Bars(string title, string xLabel, string[] labels, double[]? evaluated, double[]? reference, string evaluatedName, string? referenceName)
    {
        var figure = new Figure(title, xLabel, "share");
        var plot = figure.Plot;
        double width = reference is null ? 0.8 : 0.4;
        void AddSeries(double[]? shares, double offset, string color, string name)
        {
            if (shares is null) return;
            var bars = shares.Select((v, i) => new Bar { Position = i + offset, Value = v, Size = width, FillColor = Color.FromHex(color), LineWidth = 0 }).ToList();
            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = name, FillColor = Color.FromHex(color) });
        }
        AddSeries(evaluated, reference is null ? 0 : -0.2, EvaluatedColor, evaluatedName);
        if (referenceName is not null) AddSeries(reference, 0.2, ReferenceColor, referenceName);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, labels.Length).Select(i => (double)i).ToArray(), labels);
        plot.Axes.Margins(bottom: 0, top: 0.3); // room for the legend above the bars
        plot.ShowLegend(Alignment.UpperRight);
        return figure;
    }
}
