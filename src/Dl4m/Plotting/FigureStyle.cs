namespace Dl4m.Plotting;

/// <summary>
/// The look every dl4m figure shares (size, fonts, line widths), so loss curves, the note-loss plot and
/// piano rolls come out alike. Fonts come from the system through fontconfig: on Debian the packages
/// fontconfig and fonts-dejavu-core provide "DejaVu Sans".
/// </summary>
public static class FigureStyle
{
    /// <summary>Default image width in pixels.</summary>
    public const int Width = 1000;

    /// <summary>Default image height in pixels.</summary>
    public const int Height = 600;

    /// <summary>Preferred font family; ScottPlot falls back to any installed sans-serif font without it.</summary>
    public const string FontName = "DejaVu Sans";

    /// <summary>Title font size in points.</summary>
    public const float TitleSize = 20;

    /// <summary>Axis label font size in points.</summary>
    public const float LabelSize = 16;

    /// <summary>Tick label and legend font size in points.</summary>
    public const float TickSize = 13;

    /// <summary>Width of a main data line in pixels.</summary>
    public const float LineWidth = 2.5f;
}
