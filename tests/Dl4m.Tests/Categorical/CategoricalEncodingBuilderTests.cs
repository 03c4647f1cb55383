using Dl4m.Categorical;
using Dl4m.Data;

namespace Dl4m.Tests.Categorical;

public class CategoricalEncodingBuilderTests
{
    // Δt in seconds: a 0, .25, 0, .5 · b 0, .125, .125 · c 0, 1; durations: a .25, .25, .5, .125 · b .25 ×3 · c 1, 2
    private static readonly (string, TimedNote[])[] ThreeSongs =
    [
        ("folk/a.mid", [new(60, 100, 0, 4), new(62, 80, 4, 4), new(64, 64, 0, 8), new(65, 100, 8, 2)]),
        ("folk/b.mid", [new(67, 50, 0, 4), new(69, 50, 2, 4), new(71, 50, 2, 4)]),
        ("jazz/c.mid", [new(48, 127, 0, 16), new(50, 1, 16, 32)]),
    ];

    [Fact]
    public void Bin_values_are_the_training_medians_and_scaling_the_training_moments()
    {
        using var tmp = new TempFolder();
        using var dataset = Dataset.Open(TimedNotes.Dataset(tmp, ThreeSongs));
        var encoding = CategoricalEncodingBuilder.Fit(dataset, new CategoricalEncodingOptions());

        var plain = TimeBins.LogSpaced(32, 0.02, 4.0);
        Assert.Equal(plain.Edges, encoding.Delta.Edges);
        Assert.Equal(plain.Edges, encoding.Duration.Edges);
        // Bins that received training times now stand for those exact times, not for their geometric centres.
        Assert.Equal(0f, encoding.Delta.Values[0]);
        foreach (float t in new[] { 0.125f, 0.25f, 0.5f, 1f })
        {
            Assert.Equal(t, encoding.Delta.Values[plain.Bin(t)]);
            Assert.NotEqual(t, plain.Values[plain.Bin(t)]);
        }
        foreach (float t in new[] { 0.125f, 0.25f, 0.5f, 1f, 2f })
            Assert.Equal(t, encoding.Duration.Values[plain.Bin(t)]);
        Assert.Equal(plain.Values[3], encoding.Delta.Values[3]); // no training time there: centre kept

        double[] velocities = [100, 80, 64, 100, 50, 50, 50, 127, 1];
        double[] deltas = [0, .25, 0, .5, 0, .125, .125, 0, 1];
        double[] durations = [.25, .25, .5, .125, .25, .25, .25, 1, 2];
        var s = encoding.Scaling;
        Assert.Equal(velocities.Average(), s.VelocityMean, 9);
        Assert.Equal(PopulationStd(velocities), s.VelocityStd, 9);
        var logDeltas = deltas.Select(t => Math.Log(t + 0.01)).ToArray();
        var logDurations = durations.Select(t => Math.Log(t + 0.01)).ToArray();
        Assert.Equal(logDeltas.Average(), s.LogDeltaMean, 6);
        Assert.Equal(PopulationStd(logDeltas), s.LogDeltaStd, 6);
        Assert.Equal(logDurations.Average(), s.LogDurationMean, 6);
        Assert.Equal(PopulationStd(logDurations), s.LogDurationStd, 6);

        Assert.Equal(["folk", "jazz"], encoding.Labels);
        Assert.Equal(128 + 16 + 32 + 32 + 2, encoding.InputSize);
    }

    private static double PopulationStd(double[] x)
    {
        double mean = x.Average();
        return Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / x.Length);
    }

    [Fact]
    public void Options_are_copied_and_the_encoding_round_trips_through_json()
    {
        using var tmp = new TempFolder();
        using var dataset = Dataset.Open(TimedNotes.Dataset(tmp, ThreeSongs));
        var options = new CategoricalEncodingOptions
        {
            Notes = NoteTarget.Interval, IntervalRange = 24, VelocityBins = 8, Velocity = HeadKind.Regression,
            Timing = HeadKind.Regression, DeltaBins = 12, DurationBins = 20, MinSeconds = 0.05, MaxSeconds = 2, NormalizeKey = true,
        };
        var encoding = CategoricalEncodingBuilder.Fit(dataset, options);
        Assert.Equal(NoteTarget.Interval, encoding.Notes);
        Assert.Equal(24, encoding.IntervalRange);
        Assert.Equal(8, encoding.VelocityBins);
        Assert.Equal(HeadKind.Regression, encoding.Velocity);
        Assert.Equal(HeadKind.Regression, encoding.Timing);
        Assert.Equal(12, encoding.Delta.Count);
        Assert.Equal(20, encoding.Duration.Count);
        Assert.Equal(0.05f, encoding.Delta.Edges[0]);
        Assert.True(encoding.NormalizeKey);
        Assert.Equal(49 + 3, encoding.OutputSize);

        var back = CategoricalEncodingJson.Deserialize(CategoricalEncodingJson.Serialize(encoding));
        Assert.Equal(encoding.Delta.Values, back.Delta.Values);
        Assert.Equal(encoding.Labels, back.Labels);
        Assert.Equal(encoding.Scaling, back.Scaling);
        Assert.Equal(encoding.OutputSize, back.OutputSize);
    }

    [Fact]
    public void Labels_only_when_asked_and_when_there_are_two_or_more()
    {
        using var tmp = new TempFolder();
        using (var dataset = Dataset.Open(TimedNotes.Dataset(tmp, ThreeSongs)))
            Assert.Empty(CategoricalEncodingBuilder.Fit(dataset, new CategoricalEncodingOptions { Labels = false }).Labels);
        using (var single = Dataset.Open(TimedNotes.Dataset(tmp, ThreeSongs.Where(s => s.Item1.StartsWith("folk")), name: "folk")))
            Assert.Empty(CategoricalEncodingBuilder.Fit(single, new CategoricalEncodingOptions()).Labels);
        // root files and sub-folders: "(root)" sorts first (ordinal order)
        using (var mixed = Dataset.Open(TimedNotes.Dataset(tmp, [("x.mid", ThreeSongs[0].Item2), ("zeta/y.mid", ThreeSongs[1].Item2), ("Alpha/z.mid", ThreeSongs[2].Item2)], name: "mixed")))
            Assert.Equal(["(root)", "Alpha", "zeta"], CategoricalEncodingBuilder.Fit(mixed, new CategoricalEncodingOptions()).Labels);
    }

    [Fact]
    public void Only_the_train_split_is_fitted()
    {
        using var tmp = new TempFolder();
        var random = new Random(3);
        var songs = Enumerable.Range(0, 12).Select(i => ($"s{i}.mid", TimedNotes.RandomWalk(random, 20))).ToArray();
        using var dataset = Dataset.Open(TimedNotes.Dataset(tmp, songs, new SplitRatios(50, 50, 0)));
        var train = dataset.SongsIn(DatasetSplit.Train);
        Assert.InRange(train.Count, 1, 11);
        var encoding = CategoricalEncodingBuilder.Fit(dataset, new CategoricalEncodingOptions());
        var velocities = train.SelectMany(s => dataset.SongEvents(s).ToArray()).Select(e => (double)e.Velocity).ToArray();
        Assert.Equal(velocities.Average(), encoding.Scaling.VelocityMean, 9);
        Assert.Equal(PopulationStd(velocities), encoding.Scaling.VelocityStd, 9);
        var all = Enumerable.Range(0, dataset.Songs.Count).SelectMany(s => dataset.SongEvents(s).ToArray()).Average(e => e.Velocity);
        Assert.NotEqual(all, encoding.Scaling.VelocityMean, 6);
    }

    [Fact]
    public void Errors_name_the_problem()
    {
        using var tmp = new TempFolder();
        using var dataset = Dataset.Open(TimedNotes.Dataset(tmp, ThreeSongs, new SplitRatios(0, 1, 0)));
        var e = Assert.Throws<Dl4mException>(() => CategoricalEncodingBuilder.Fit(dataset, new CategoricalEncodingOptions()));
        Assert.Contains("train split has no events", e.Message);
        e = Assert.Throws<Dl4mException>(() => CategoricalEncodingBuilder.Fit(dataset, new CategoricalEncodingOptions { IntervalRange = 0 }));
        Assert.Contains("--interval-range", e.Message);
        e = Assert.Throws<Dl4mException>(() => CategoricalEncodingBuilder.Fit(dataset, new CategoricalEncodingOptions { MinSeconds = 5 }));
        Assert.Contains("min < max", e.Message);
    }
}
