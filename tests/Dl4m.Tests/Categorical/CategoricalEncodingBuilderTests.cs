using Dl4m.Categorical;
using Dl4m.Data;

namespace Dl4m.Tests.Categorical;

public class CategoricalEncodingBuilderTests
{
    // Δ in beats (eighths of a beat ÷ 8): a 0, ½, 0, 1 · b 0, ¼, ¼ · c 0, 2; durations: a ½, ½, 1, ¼ · b ½ ×3 · c 2, 4
    private static readonly (string, TimedNote[])[] ThreeSongs =
    [
        ("folk/a.mid", [new(60, 100, 0, 4), new(62, 80, 4, 4), new(64, 64, 0, 8), new(65, 100, 8, 2)]),
        ("folk/b.mid", [new(67, 50, 0, 4), new(69, 50, 2, 4), new(71, 50, 2, 4)]),
        ("jazz/c.mid", [new(48, 127, 0, 16), new(50, 1, 16, 32)]),
    ];

    [Fact]
    public void Grids_are_fixed_and_scaling_is_of_the_training_log_beats()
    {
        using var tmp = new TempFolder();
        using var dataset = Dataset.Open(TimedNotes.Dataset(tmp, ThreeSongs));
        var encoding = CategoricalEncodingBuilder.Fit(dataset, new CategoricalEncodingOptions());

        Assert.Equal(BeatGrid.Delta.Steps, encoding.Delta.Steps);
        Assert.Equal(BeatGrid.Duration.Steps, encoding.Duration.Steps);
        Assert.Equal(CategoricalEncoding.BeatsUnit, encoding.TimeUnit);
        Assert.Equal(120, encoding.MedianBpm); // the files set no tempo

        double[] velocities = [100, 80, 64, 100, 50, 50, 50, 127, 1];
        double[] deltas = [0, .5, 0, 1, 0, .25, .25, 0, 2];
        double[] durations = [.5, .5, 1, .25, .5, .5, .5, 2, 4];
        var s = encoding.Scaling;
        Assert.Equal(velocities.Average(), s.VelocityMean, 9);
        Assert.Equal(PopulationStd(velocities), s.VelocityStd, 9);
        var logDeltas = deltas.Select(t => Math.Log(t + 1.0 / 48)).ToArray();
        var logDurations = durations.Select(t => Math.Log(t + 1.0 / 48)).ToArray();
        Assert.Equal(logDeltas.Average(), s.LogDeltaMean, 9);
        Assert.Equal(PopulationStd(logDeltas), s.LogDeltaStd, 9);
        Assert.Equal(logDurations.Average(), s.LogDurationMean, 9);
        Assert.Equal(PopulationStd(logDurations), s.LogDurationStd, 9);

        Assert.Equal(["folk", "jazz"], encoding.Labels);
        Assert.Equal([1, 2, 4, 8], encoding.LookbackBars); // on by default
        Assert.Equal(CategoricalEncoding.MatchedEventLookback, encoding.LookbackVersion); // whole-event suggestions and match flags by default
        Assert.Equal(128 + 16 + 40 + 40 + 96 + 4 * 16 + 2 + 4 * 4, encoding.InputSize); // match flags per entry, labels, then 4 class indices per entry
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
            Timing = HeadKind.Regression, BarPositions = 48, NormalizeKey = true, LookbackBars = [1, 4],
        };
        var encoding = CategoricalEncodingBuilder.Fit(dataset, options);
        Assert.Equal(NoteTarget.Interval, encoding.Notes);
        Assert.Equal(24, encoding.IntervalRange);
        Assert.Equal(8, encoding.VelocityBins);
        Assert.Equal(HeadKind.Regression, encoding.Velocity);
        Assert.Equal(HeadKind.Regression, encoding.Timing);
        Assert.Equal(48, encoding.BarPositions);
        Assert.True(encoding.NormalizeKey);
        Assert.Equal(49 + 3, encoding.OutputSize);
        Assert.Equal([1, 4], encoding.LookbackBars);
        Assert.Equal(128 + 8 + 40 + 40 + 48 + 2 * (16 + 4) + 2, encoding.InputSize); // version 3: match flags and one value per head per entry

        var back = CategoricalEncodingJson.Deserialize(CategoricalEncodingJson.Serialize(encoding));
        Assert.Equal(encoding.Delta.Steps, back.Delta.Steps);
        Assert.Equal(encoding.MedianBpm, back.MedianBpm);
        Assert.Equal(encoding.InputSize, back.InputSize);
        Assert.Equal(encoding.Labels, back.Labels);
        Assert.Equal(encoding.LookbackBars, back.LookbackBars);
        Assert.Contains("\"lookback_bars\"", CategoricalEncodingJson.Serialize(encoding));
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
        Assert.Contains("CategoricalTokenOptions.IntervalRange", e.Message);
        e = Assert.Throws<Dl4mException>(() => CategoricalEncodingBuilder.Fit(dataset, new CategoricalEncodingOptions { BarPositions = 300 }));
        Assert.Contains("bar positions must be 0–255", e.Message);
    }
}
