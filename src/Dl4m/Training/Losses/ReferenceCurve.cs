using System.Globalization;

namespace Dl4m.Training.Losses;

/// <summary>
/// A digitised loss curve to compare the note loss with, read from a CSV file with the header
/// <c>diff,loss</c> and one point per line (semitones, loss), such as the poster's curve.
/// </summary>
public sealed class ReferenceCurve
{
    private ReferenceCurve(string source, double[] diffs, double[] losses)
    {
        Source = source;
        Diffs = diffs;
        Losses = losses;
    }

    /// <summary>Where the curve came from (the file path).</summary>
    public string Source { get; }

    /// <summary>The points' x: predicted − true note, in semitones, ascending.</summary>
    public IReadOnlyList<double> Diffs { get; }

    /// <summary>The points' y: the loss.</summary>
    public IReadOnlyList<double> Losses { get; }

    /// <summary>Reads a curve file.</summary>
    /// <exception cref="Dl4mException">The file cannot be read, has no <c>diff,loss</c> header, a malformed line or no points.</exception>
    public static ReferenceCurve Load(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Dl4mException($"cannot read reference curve '{path}': {e.Message}", e);
        }
        return Parse(lines, path);
    }

    /// <summary>Parses the lines of a curve file; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="Dl4mException">No <c>diff,loss</c> header, a malformed line, unsorted x, or no points.</exception>
    public static ReferenceCurve Parse(IReadOnlyList<string> lines, string source)
    {
        if (lines.Count == 0 || !string.Equals(lines[0].Trim().TrimStart('\uFEFF'), "diff,loss", StringComparison.OrdinalIgnoreCase))
            throw new Dl4mException($"reference curve '{source}': line 1 must be the header 'diff,loss'.");
        var diffs = new List<double>();
        var losses = new List<double>();
        for (int i = 1; i < lines.Count; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0) continue;
            var cells = line.Split(',');
            if (cells.Length != 2
                || !double.TryParse(cells[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double diff)
                || !double.TryParse(cells[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double loss)
                || !double.IsFinite(diff) || !double.IsFinite(loss))
                throw new Dl4mException($"reference curve '{source}', line {i + 1}: expected two numbers 'diff,loss', got '{line}'.");
            if (diffs.Count > 0 && diff <= diffs[^1])
                throw new Dl4mException($"reference curve '{source}', line {i + 1}: diff {diff} is not above the previous {diffs[^1]}.");
            diffs.Add(diff);
            losses.Add(loss);
        }
        if (diffs.Count == 0)
            throw new Dl4mException($"reference curve '{source}': no points after the header.");
        return new ReferenceCurve(source, [.. diffs], [.. losses]);
    }

    /// <summary>
    /// Root-mean-square difference between <paramref name="loss"/> and this curve over its points with
    /// x in [<paramref name="from"/>, <paramref name="to"/>], and how many points that was.
    /// </summary>
    /// <exception cref="Dl4mException">No point of the curve lies in the range.</exception>
    public (double Rms, int Points) RmsDifference(NoteLoss loss, double from = -15, double to = 15)
    {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < Diffs.Count; i++)
        {
            if (Diffs[i] < from - 1e-9 || Diffs[i] > to + 1e-9) continue;
            double error = loss.Value(Diffs[i]) - Losses[i];
            sum += error * error;
            count++;
        }
        if (count == 0)
            throw new Dl4mException($"reference curve '{Source}': no point lies in [{from}, {to}] to compare with.");
        return (Math.Sqrt(sum / count), count);
    }
}
