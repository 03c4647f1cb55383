using Dl4m.IO;
using ScottPlot;

namespace Dl4m.Plotting;

/// <summary>
/// A small shared wrapper over a ScottPlot <see cref="Plot"/>: consistent style (<see cref="FigureStyle"/>),
/// line series with legends, and PNG output written atomically (a reader never sees half a file).
/// Use <see cref="Plot"/> directly for anything else (rectangles for piano rolls, markers, …).
/// </summary>
public sealed class Figure
{
    /// <summary>Creates an empty figure with a title and axis labels.</summary>
    public Figure(string title, string xLabel, string yLabel)
    {
        Plot = new Plot();
        Plot.Font.Set(FigureStyle.FontName);
        Plot.Title(title, FigureStyle.TitleSize);
        Plot.XLabel(xLabel, FigureStyle.LabelSize);
        Plot.YLabel(yLabel, FigureStyle.LabelSize);
        Plot.Axes.Bottom.TickLabelStyle.FontSize = FigureStyle.TickSize;
        Plot.Axes.Left.TickLabelStyle.FontSize = FigureStyle.TickSize;
        Plot.Legend.FontSize = FigureStyle.TickSize;
        Plot.Legend.FontName = FigureStyle.FontName;
    }

    /// <summary>The underlying ScottPlot plot, for anything the helpers here do not cover.</summary>
    public Plot Plot { get; }

    /// <summary>Adds a line through (xs[i], ys[i]); a non-null <paramref name="label"/> shows in the legend.</summary>
    /// <param name="xs">X coordinates.</param>
    /// <param name="ys">Y coordinates, as many as <paramref name="xs"/>.</param>
    /// <param name="label">Legend text, or null for none.</param>
    /// <param name="color">Line colour as #RRGGBB or #RRGGBBAA (null: ScottPlot's next palette colour).</param>
    /// <param name="width">Line width in pixels (default <see cref="FigureStyle.LineWidth"/>).</param>
    /// <param name="dashed">Dashed instead of solid.</param>
    public void AddLine(IReadOnlyList<double> xs, IReadOnlyList<double> ys, string? label = null, string? color = null,
        float width = FigureStyle.LineWidth, bool dashed = false)
    {
        if (xs.Count != ys.Count)
            throw new ArgumentException($"line '{label}': {xs.Count} x values but {ys.Count} y values.");
        var scatter = Plot.Add.ScatterLine(xs.ToArray(), ys.ToArray());
        scatter.LineWidth = width;
        if (color is not null) scatter.Color = Color.FromHex(color);
        if (dashed) scatter.LinePattern = LinePattern.Dashed;
        if (label is not null)
        {
            scatter.LegendText = label;
            Plot.ShowLegend(Alignment.UpperRight);
        }
    }

    /// <summary>Fixes the visible axis ranges (otherwise they fit the data).</summary>
    public void SetLimits(double xMin, double xMax, double yMin, double yMax) => Plot.Axes.SetLimits(xMin, xMax, yMin, yMax);

    /// <summary>Renders to PNG bytes.</summary>
    public byte[] RenderPng(int width = FigureStyle.Width, int height = FigureStyle.Height) =>
        Plot.GetImageBytes(width, height, ImageFormat.Png);

    /// <summary>
    /// Writes the figure as a PNG at <paramref name="path"/>: rendered to a temporary file in the same folder,
    /// then renamed over the target, so the file is either the old one or the complete new one.
    /// </summary>
    /// <exception cref="Dl4mException">The folder does not exist or cannot be written.</exception>
    public void SavePng(string path, int width = FigureStyle.Width, int height = FigureStyle.Height) =>
        AtomicFile.WriteAllBytes(path, RenderPng(width, height), "figure");
}
