using Dl4m.Midi;

namespace Dl4m.Evaluation;

/// <summary>The metrics of a set of MIDI files (a folder, or one file), evaluated in parallel, in path order.</summary>
public sealed class EvaluatedSet
{
    /// <summary>Creates a set from evaluated files.</summary>
    public EvaluatedSet(string name, IReadOnlyList<EvaluatedFile> files)
    {
        Name = name;
        Files = files;
        Songs = files.Where(f => f.Metrics is not null).Select(f => f.Metrics!).ToList();
    }

    /// <summary>What the set is (the folder or file given).</summary>
    public string Name { get; }

    /// <summary>Every file, read or not, in path order.</summary>
    public IReadOnlyList<EvaluatedFile> Files { get; }

    /// <summary>The metrics of the files that could be read.</summary>
    public IReadOnlyList<SongMetrics> Songs { get; }

    /// <summary>Files that could not be read.</summary>
    public int FailureCount => Files.Count - Songs.Count;

    /// <summary>The MIDI files of a path (see <see cref="EvaluationInputs.Find(string)"/>).</summary>
    /// <exception cref="Dl4mException">The path does not exist.</exception>
    public static List<string> FindFiles(string path) => EvaluationInputs.Find(path);

    /// <summary>
    /// Reads and measures every file with up to <paramref name="threads"/> threads. Unreadable files are kept with
    /// their error and left out of every statistic. <paramref name="onFileDone"/> is called once per file, from any thread.
    /// </summary>
    public static EvaluatedSet Evaluate(string name, IReadOnlyList<string> paths, int threads, Action? onFileDone = null)
    {
        var files = new EvaluatedFile[paths.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };
        Parallel.For(0, paths.Count, options, i =>
        {
            files[i] = EvaluateFile(paths[i]);
            onFileDone?.Invoke();
        });
        return new EvaluatedSet(name, files);
    }

    /// <summary>Reads (leniently) and measures one file; a file that is not MIDI becomes an error entry.</summary>
    public static EvaluatedFile EvaluateFile(string path)
    {
        try
        {
            return new EvaluatedFile(path, SongMetricsCalculator.Compute(MidiReader.ReadFile(path)), null);
        }
        catch (Dl4mException e)
        {
            return new EvaluatedFile(path, null, e.Message.ReplaceLineEndings(" "));
        }
    }

    /// <summary>The summary of one metric over the set's songs.</summary>
    public MetricSummary Summary(int metric) => MetricSummary.Of(Songs.Select(s => s.Values[metric]));

    /// <summary>The defined values of one metric, in song order.</summary>
    public List<double> DefinedValues(int metric)
    {
        var values = new List<double>(Songs.Count);
        foreach (var s in Songs) if (s.Values[metric] is double v) values.Add(v);
        return values;
    }

    /// <summary>Pitch-class shares of all notes of the set pooled (12 values summing to 1), or null without notes.</summary>
    public double[]? PooledPitchClassShares() => Shares(Songs.Select(s => s.PitchClassCounts), 12);

    /// <summary>Shares of onsets by chord size 1, 2, 3, 4, 5+ over the whole set, or null without notes.</summary>
    public double[]? PooledChordSizeShares() => Shares(Songs.Select(s => s.ChordSizeCounts), SongMetrics.ChordSizeBins);

    /// <summary>How many songs have each estimated key, most common first.</summary>
    public List<(string Key, int Songs)> KeyCounts() =>
        Songs.Where(s => s.Key is not null).GroupBy(s => s.Key!).Select(g => (g.Key, g.Count()))
            .OrderByDescending(k => k.Item2).ThenBy(k => k.Item1, StringComparer.Ordinal).ToList();

    private static double[]? Shares(IEnumerable<int[]> counts, int bins)
    {
        var total = new double[bins];
        double sum = 0;
        foreach (var c in counts)
            for (int i = 0; i < bins; i++) { total[i] += c[i]; sum += c[i]; }
        if (sum == 0) return null;
        for (int i = 0; i < bins; i++) total[i] /= sum;
        return total;
    }

    /// <summary>
    /// Sets every song's pitch_class_distance: total-variation distance between its pitch-class shares and
    /// <paramref name="referenceShares"/> (n/a for songs without notes, or everywhere when the reference has none).
    /// </summary>
    public void SetPitchClassDistance(double[]? referenceShares)
    {
        foreach (var song in Songs)
        {
            int total = song.PitchClassCounts.Sum();
            if (referenceShares is null || total == 0)
            {
                song.Values[MetricCatalog.PitchClassDistance] = null;
                continue;
            }
            double distance = 0;
            for (int i = 0; i < 12; i++) distance += Math.Abs((double)song.PitchClassCounts[i] / total - referenceShares[i]);
            song.Values[MetricCatalog.PitchClassDistance] = distance / 2;
        }
    }
}
