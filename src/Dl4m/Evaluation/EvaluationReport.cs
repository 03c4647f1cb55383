using System.Globalization;
using System.Text;

namespace Dl4m.Evaluation;

/// <summary>
/// The Markdown report of `dl4m evaluate`: one table per metric group (the set's mean ± std, and with a reference
/// its mean ± std, overlapped area and KL divergence), pitch-class and chord-size shares, keys, and every
/// definition. Numbers that do not exist print as "n/a", never NaN.
/// </summary>
public static class EvaluationReport
{
    /// <summary>
    /// Writes the report as Markdown text; <paramref name="copyLengths"/> and <paramref name="transposedCopyLengths"/> are the
    /// files' copy lengths against the reference, as pitches and as intervals (see <see cref="CopyLengthIndex"/>);
    /// <paramref name="copyReference"/> names the songs they were measured against when that is not the reference set
    /// (e.g. "train split of data").
    /// </summary>
    public static string Markdown(EvaluatedSet set, EvaluatedSet? reference, SetComparison? comparison, IReadOnlyList<ReportFigure>? figures = null,
        int?[]? copyLengths = null, int?[]? transposedCopyLengths = null, string? copyReference = null)
    {
        string copySource = copyReference is null ? "any reference song" : $"any song of the {copyReference}";
        var md = new StringBuilder();
        md.AppendLine("# dl4m evaluate report").AppendLine();
        md.AppendLine($"- Evaluated set: `{set.Name}`: {set.Files.Count} files, {set.Songs.Count} read, {set.FailureCount} unreadable, {set.Songs.Sum(s => s.NoteCount):N0} notes.");
        if (reference is not null)
            md.AppendLine($"- Reference set: `{reference.Name}`: {reference.Files.Count} files, {reference.Songs.Count} read, {reference.FailureCount} unreadable, {reference.Songs.Sum(s => s.NoteCount):N0} notes.");
        if (copyLengths?.OfType<int>().Order().ToList() is { Count: > 0 } copied)
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- Copy length (longest run of exact pitches, in onset order, that a song shares with {copySource}): {MeanStd(MetricSummary.Of(copied.Select(v => (double?)v)))} notes, median {copied[copied.Count / 2]}, max {copied[^1]}."));
        if (transposedCopyLengths?.OfType<int>().Order().ToList() is { Count: > 0 } transposed)
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- Copy length as intervals (a transposed copy counts): {MeanStd(MetricSummary.Of(transposed.Select(v => (double?)v)))} notes, median {transposed[transposed.Count / 2]}, max {transposed[^1]}."));
        md.AppendLine("- Values are means ± population standard deviations over the songs where the metric is defined; \"n/a\" songs are counted apart.");
        if (comparison is not null)
        {
            md.AppendLine("- OA and KL follow Yang & Lerch (2019): for each metric, the distribution of intra-set distances of the evaluated set " +
                          "(|a_i − a_j|) is compared with the inter-set distances to the reference (|a_i − b_j|), each smoothed by a Gaussian KDE " +
                          "(Silverman bandwidth) on a 2,048-point grid. OA = overlapped area (1 = indistinguishable), KL = KL(intra ‖ inter) in nats (0 = identical).");
            if (comparison.Metrics.Any(m => m.Sampled))
                md.AppendLine($"- Above {PairDistances.MaxPairs:N0} pairs, a fixed-seed sample of {PairDistances.MaxPairs:N0} pairs stands in for all pairs.");
        }
        md.AppendLine();

        foreach (var group in MetricCatalog.All.Select((m, i) => (m, i)).GroupBy(x => x.m.Group))
        {
            if (comparison is null && group.All(x => x.i == MetricCatalog.PitchClassDistance)) continue;
            md.AppendLine($"## {group.Key}").AppendLine();
            if (comparison is null)
            {
                md.AppendLine("| metric | mean ± std | songs | n/a |").AppendLine("|---|---|---:|---:|");
                foreach (var (metric, i) in group)
                {
                    if (i == MetricCatalog.PitchClassDistance) continue;
                    var s = set.Summary(i);
                    md.AppendLine($"| {metric.Title} | {MeanStd(s)} | {s.Count} | {s.Missing} |");
                }
            }
            else
            {
                md.AppendLine("| metric | evaluated mean ± std | reference mean ± std | OA | KL |").AppendLine("|---|---|---|---:|---:|");
                foreach (var (metric, i) in group)
                {
                    var c = comparison.Metrics[i];
                    md.AppendLine($"| {metric.Title} | {MeanStd(c.Evaluated)} | {MeanStd(c.Reference)} | {Number(c.OverlapArea)} | {Number(c.KlDivergence)} |");
                }
            }
            md.AppendLine();
        }

        md.AppendLine("## Pitch classes and chord sizes").AppendLine();
        string[] names = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"];
        md.AppendLine("| set | " + string.Join(" | ", names) + " |").AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", 12)));
        md.AppendLine(SharesRow("evaluated", set.PooledPitchClassShares(), 12));
        if (reference is not null) md.AppendLine(SharesRow("reference", reference.PooledPitchClassShares(), 12));
        md.AppendLine();
        md.AppendLine("Share of onsets by how many notes start together:").AppendLine();
        md.AppendLine("| set | 1 | 2 | 3 | 4 | 5+ |").AppendLine("|---|---:|---:|---:|---:|---:|");
        md.AppendLine(SharesRow("evaluated", set.PooledChordSizeShares(), SongMetrics.ChordSizeBins));
        if (reference is not null) md.AppendLine(SharesRow("reference", reference.PooledChordSizeShares(), SongMetrics.ChordSizeBins));
        md.AppendLine();
        md.AppendLine("Most common Krumhansl–Schmuckler keys: " + KeyList(set) + (reference is null ? "" : $"; reference: {KeyList(reference)}") + ".").AppendLine();

        if (figures is { Count: > 0 })
        {
            md.AppendLine("## Plots").AppendLine();
            foreach (var f in figures) md.AppendLine($"![{f.Caption}]({f.FileName})").AppendLine();
        }

        md.AppendLine("## Definitions").AppendLine();
        foreach (var m in MetricCatalog.All) md.AppendLine($"- **{m.Title}** (`{m.Key}`, {m.Group}): {m.Definition}");
        md.AppendLine("- Notes: every note-on of every channel but 10 (drums), paired first-in-first-out with its note-off; beats are quarter notes.");
        return md.ToString();
    }

    /// <summary>"mean ± std", or "n/a".</summary>
    public static string MeanStd(MetricSummary s) => s.Mean is double m ? $"{Number(m)} ± {Number(s.Std)}" : "n/a";

    /// <summary>A number with 3 decimals (invariant culture), or "n/a".</summary>
    public static string Number(double? value) =>
        value is double v && double.IsFinite(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    private static string SharesRow(string label, double[]? shares, int bins) =>
        $"| {label} | " + string.Join(" | ", Enumerable.Range(0, bins).Select(i => shares is null ? "n/a" : Number(shares[i]))) + " |";

    private static string KeyList(EvaluatedSet set)
    {
        var keys = set.KeyCounts();
        return keys.Count == 0 ? "n/a" : string.Join(", ", keys.Take(5).Select(k => $"{k.Key} ({k.Songs})"));
    }
}
