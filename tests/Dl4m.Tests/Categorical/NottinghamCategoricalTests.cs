using System.Text;
using Dl4m.Categorical;
using Dl4m.Data;
using Dl4m.Evaluation;
using Dl4m.Music;
using Dl4m.Tests.Midi;
using Dl4m.Training;
using Xunit.Abstractions;

namespace Dl4m.Tests.Categorical;

/// <summary>The categorical data stage on the whole Nottingham corpus (one dataset build, about a second).</summary>
public sealed class NottinghamCategoricalTests(ITestOutputHelper output)
{
    [CorpusFact]
    public void Encoding_keys_and_windows_of_the_corpus()
    {
        using var tmp = new TempFolder();
        new DatasetBuilder(new DatasetBuildOptions()).Build(Corpus.Nottingham()!, tmp.Combine("data"));
        using var dataset = Dataset.Open(tmp.Combine("data"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var encoding = CategoricalEncodingBuilder.Fit(dataset, new CategoricalEncodingOptions());
        var report = new StringBuilder();
        report.AppendLine($"fit: {clock.ElapsedMilliseconds} ms");

        var train = dataset.SongsIn(DatasetSplit.Train);
        var deltaCounts = new long[encoding.Delta.Count];
        var durationCounts = new long[encoding.Duration.Count];
        long events = 0, offGrid = 0;
        foreach (int s in train)
        {
            var song = dataset.SongEvents(s);
            foreach (var e in BeatTokens.Of(song))
            {
                deltaCounts[encoding.Delta.Class(e.DeltaSteps)]++;
                durationCounts[encoding.Duration.Class(e.DurationSteps)]++;
                events++;
            }
            double onset = 0;
            foreach (var r in song)
            {
                onset += r.DeltaBeats;
                if (Math.Abs(onset * BeatGrid.StepsPerBeat - Math.Round(onset * BeatGrid.StepsPerBeat)) > 0.05) offGrid++;
            }
        }
        report.AppendLine($"labels: {string.Join(", ", encoding.Labels)}; median tempo {encoding.MedianBpm} bpm");
        report.AppendLine($"train events {events:N0}, Δ = 0 (chord): {deltaCounts[0] / (double)events:P1}, onsets more than 0.05 step off the 1/12 grid: {offGrid / (double)events:P2}");
        report.AppendLine("Δ classes with ≥ 1% of the train events: class, beats, share");
        for (int b = 0; b < deltaCounts.Length; b++)
            if (deltaCounts[b] >= events / 100)
                report.AppendLine($"  {b,2}  {BeatGrid.Beats(encoding.Delta.StepsOf(b)):0.###}  {deltaCounts[b] / (double)events:P1}");
        report.AppendLine("duration classes with ≥ 1% of the train events: class, beats, share");
        for (int b = 0; b < durationCounts.Length; b++)
            if (durationCounts[b] >= events / 100)
                report.AppendLine($"  {b,2}  {BeatGrid.Beats(encoding.Duration.StepsOf(b)):0.###}  {durationCounts[b] / (double)events:P1}");
        var s2 = encoding.Scaling;
        report.AppendLine($"scaling: velocity {s2.VelocityMean:0.00}±{s2.VelocityStd:0.00}, ln Δbeats {s2.LogDeltaMean:0.000}±{s2.LogDeltaStd:0.000}, ln duration {s2.LogDurationMean:0.000}±{s2.LogDurationStd:0.000}");

        var keys = new int[25]; // 24 = no estimate
        var shifts = new int[12];
        for (int s = 0; s < dataset.Songs.Count; s++)
        {
            var song = dataset.SongEvents(s);
            keys[SongKeys.Key(song) ?? 24]++;
            shifts[SongKeys.Shift(song) + 6]++;
        }
        report.AppendLine($"keys of {dataset.Songs.Count} songs: " + string.Join(", ",
            Enumerable.Range(0, 25).Where(k => keys[k] > 0).OrderByDescending(k => keys[k]).Select(k => $"{(k == 24 ? "none" : KeyEstimator.Name(k))} {keys[k]}")));
        report.AppendLine($"shift 0 (already C major / A minor): {shifts[6] / (double)dataset.Songs.Count:P1}; shifts −6…+5: {string.Join(" ", shifts)}");

        var trainWindows = CategoricalWindowSet.Build(dataset, DatasetSplit.Train, encoding, 32, 32, TrainingMode.ManyToMany);
        var validation = CategoricalWindowSet.Build(dataset, DatasetSplit.Validation, encoding, 32, 32, TrainingMode.ManyToMany);
        var unigram = trainWindows.NoteClassFrequencies();
        report.AppendLine($"windows (T 32, stride 32): train {trainWindows.Count:N0} of {trainWindows.Songs} songs, validation {validation.Count:N0}");
        report.AppendLine($"validation unigram note NLL {validation.MeanNoteNll(unigram):0.000} nats, repeat-previous accuracy {validation.RepeatPreviousAccuracy():P1}");
        clock.Restart();
        var normalised = encoding with { NormalizeKey = true };
        var trainNormalised = CategoricalWindowSet.Build(dataset, DatasetSplit.Train, normalised, 32, 32, TrainingMode.ManyToMany);
        report.AppendLine($"train windows with key normalisation built in {clock.ElapsedMilliseconds} ms");
        var validationNormalised = CategoricalWindowSet.Build(dataset, DatasetSplit.Validation, normalised, 32, 32, TrainingMode.ManyToMany);
        double normalisedNll = validationNormalised.MeanNoteNll(trainNormalised.NoteClassFrequencies());
        report.AppendLine($"with --normalize-key: validation unigram note NLL {normalisedNll:0.000} nats");
        double plainClassNll = PitchClassCrossEntropy(trainWindows, validation);
        double normalisedClassNll = PitchClassCrossEntropy(trainNormalised, validationNormalised);
        report.AppendLine($"validation unigram pitch-class NLL {plainClassNll:0.000} nats, with --normalize-key {normalisedClassNll:0.000} nats");
        output.WriteLine(report.ToString());

        Assert.Equal(["(root)", "chords", "melody"], encoding.Labels);
        // The corpus is written on the grid; a third or more of the onsets are chord notes, and every common Δ class
        // is a plain note value (sixteenth … whole, dotted values).
        Assert.True(offGrid < events / 1000, $"{offGrid} of {events} onsets off the grid");
        Assert.InRange(deltaCounts[0] / (double)events, 0.3, 0.5);
        Assert.Equal(120, encoding.MedianBpm);
        double[] noteValues = [0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0];
        for (int b = 1; b < deltaCounts.Length; b++)
            if (deltaCounts[b] >= events / 100)
                Assert.Contains(BeatGrid.Beats(encoding.Delta.StepsOf(b)), noteValues);
        // Folk tunes: mostly major keys with sharps; few are in C major / A minor already.
        Assert.Equal(0, keys[24]);
        var ranked = Enumerable.Range(0, 24).OrderByDescending(k => keys[k]).ToArray();
        Assert.Equal(["D major", "G major"], ranked.Take(2).Select(KeyEstimator.Name).OrderBy(n => n));
        Assert.InRange(shifts[6] / (double)dataset.Songs.Count, 0.02, 0.2);
        Assert.True(validation.MeanNoteNll(unigram) < Math.Log(128), "the unigram model beats a uniform guess");
        Assert.True(normalisedClassNll < plainClassNll - 0.1, "songs in one key have a sharper pitch-class distribution");
    }

    /// <summary>−Σ q(pc) ln p(pc): validation target pitch classes under the train split's pitch-class unigram.</summary>
    private static double PitchClassCrossEntropy(CategoricalWindowSet train, CategoricalWindowSet validation)
    {
        static double[] Fold(double[] pitches)
        {
            var classes = new double[12];
            for (int p = 0; p < pitches.Length; p++) classes[p % 12] += pitches[p];
            return classes;
        }
        var p = Fold(train.NoteClassFrequencies(0));
        var q = Fold(validation.NoteClassFrequencies(0));
        return -Enumerable.Range(0, 12).Where(c => q[c] > 0).Sum(c => q[c] * Math.Log(p[c]));
    }
}
