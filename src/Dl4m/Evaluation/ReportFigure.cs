namespace Dl4m.Evaluation;

/// <summary>An image the report links: its caption and its file name relative to the report.</summary>
/// <param name="Caption">Alt text and caption.</param>
/// <param name="FileName">PNG file name next to the report.</param>
public sealed record ReportFigure(string Caption, string FileName);
