using System.Globalization;
using Dl4m.Evaluation;
using Dl4m.Midi;
using Dl4m.Tests.Midi;
using Xunit.Abstractions;

namespace Dl4m.Tests.Evaluation;

/// <summary>
/// On Nottingham, a held-out tenth of the files scored against the other nine tenths must land far closer
/// (Yang &amp; Lerch overlapped area) than random-note songs do. Prints the whole table (see docs/evaluate.md).
/// </summary>
public sealed class CorpusOverlapTests(ITestOutputHelper output)
{
    [CorpusFact]
    public void A_held_out_tenth_overlaps_the_rest_far_more_than_random_notes_do()
    {
        var paths = MidiFileFinder.FindPaths(Corpus.Nottingham()!);
        var songs = new EvaluationSong[paths.Count];
        Parallel.For(0, paths.Count, i => songs[i] = EvaluationNotes.Extract(MidiReader.ReadFile(paths[i])));

        // Deterministic split by sorted path: every 10th file is held out.
        var heldOut = Enumerable.Range(0, paths.Count).Where(i => i % 10 == 0).ToList();
        var rest = Enumerable.Range(0, paths.Count).Where(i => i % 10 != 0).ToList();
        var random = RandomNoteSongs.Generate(rest.Select(i => songs[i]).ToList(), heldOut.Count, seed: 2019);

        var subsetSet = Set("held-out 10%", heldOut.Select(i => (paths[i], songs[i])));
        var restSet = Set("other 90%", rest.Select(i => (paths[i], songs[i])));
        var randomSet = Set("random notes", random.Select((s, i) => ($"random{i}", s)));
        var real = SetComparison.Compare(subsetSet, restSet);
        var fake = SetComparison.Compare(randomSet, restSet);

        output.WriteLine($"held-out {subsetSet.Songs.Count} files, rest {restSet.Songs.Count} files, random {randomSet.Songs.Count} songs");
        output.WriteLine("| metric | held-out mean ± std | random mean ± std | rest mean ± std | OA held-out | OA random | KL held-out | KL random |");
        output.WriteLine("|---|---|---|---|---:|---:|---:|---:|");
        for (int m = 0; m < MetricCatalog.Count; m++)
        {
            var (r, f) = (real.Metrics[m], fake.Metrics[m]);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Metric.Title} | {EvaluationReport.MeanStd(r.Evaluated)} | {EvaluationReport.MeanStd(f.Evaluated)} | {EvaluationReport.MeanStd(r.Reference)} | {EvaluationReport.Number(r.OverlapArea)} | {EvaluationReport.Number(f.OverlapArea)} | {EvaluationReport.Number(r.KlDivergence)} | {EvaluationReport.Number(f.KlDivergence)} |"));
        }

        foreach (int metric in new[] { MetricCatalog.PitchClassEntropy, MetricCatalog.ScaleConsistency })
        {
            double heldOutOa = real.Metrics[metric].OverlapArea!.Value, randomOa = fake.Metrics[metric].OverlapArea!.Value;
            Assert.True(heldOutOa > randomOa + 0.3, $"{MetricCatalog.All[metric].Key}: OA held-out {heldOutOa:F3} vs random {randomOa:F3}");
        }
    }

    private static EvaluatedSet Set(string name, IEnumerable<(string Path, EvaluationSong Song)> songs) =>
        new(name, songs.Select(s => new EvaluatedFile(s.Path, SongMetricsCalculator.Compute(s.Song), null)).ToList());
}
