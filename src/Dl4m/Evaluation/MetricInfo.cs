namespace Dl4m.Evaluation;

/// <summary>One metric: its JSON key, the group it belongs to, a short title and its one-line definition.</summary>
/// <param name="Key">snake_case name, as in JSON output.</param>
/// <param name="Group">"MusPy" for the field's standard metrics, or one of the original's five qualities.</param>
/// <param name="Title">Column title for tables.</param>
/// <param name="Definition">What is measured, in one line (n/a cases included).</param>
public sealed record MetricInfo(string Key, string Group, string Title, string Definition);
