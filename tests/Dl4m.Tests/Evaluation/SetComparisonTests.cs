using Dl4m.Evaluation;

namespace Dl4m.Tests.Evaluation;

public sealed class SetComparisonTests
{
    private static EvaluatedFile Song(string name, params int[] pitches) =>
        new(name, SongMetricsCalculator.Compute(SongFile.Of(pitches.Select((p, i) => SongFile.Beats(p, i, i + 1)).ToArray())), null);

    [Fact]
    public void Pitch_class_distance_is_measured_against_the_reference_pooled_shares()
    {
        // Reference: C and G equally often. A song of C only is half a distribution away; C+G is 0 away.
        var reference = new EvaluatedSet("ref", [Song("r1", 60, 67), Song("r2", 48, 55, 60, 67)]);
        var set = new EvaluatedSet("set", [Song("c", 60, 72), Song("cg", 60, 67, 60, 67)]);
        var comparison = SetComparison.Compare(set, reference);
        Assert.Equal([0.5, 0.5], comparison.ReferencePitchClassShares!.Where(s => s > 0));
        Assert.Equal(0.5, set.Songs[0]["pitch_class_distance"]!.Value, 12);
        Assert.Equal(0.0, set.Songs[1]["pitch_class_distance"]!.Value, 12);
        Assert.All(reference.Songs, s => Assert.Equal(0.0, s["pitch_class_distance"]!.Value, 12));
        var distance = comparison.Metrics[MetricCatalog.PitchClassDistance];
        Assert.Equal(0.25, distance.Evaluated.Mean!.Value, 12);
        Assert.Equal(0.25, distance.Evaluated.Std!.Value, 12);
        Assert.Equal((1, 4), (distance.IntraPairs, distance.InterPairs));
        Assert.Null(distance.OverlapArea); // one intra-set distance is not a distribution
        Assert.False(distance.Sampled);
    }

    [Fact]
    public void A_set_compared_with_itself_overlaps_almost_fully()
    {
        var songs = Enumerable.Range(0, 30).Select(i => Song($"s{i}", [.. Enumerable.Range(0, 5 + i % 7).Select(k => 60 + (k * (i % 5 + 1)) % 14)])).ToList();
        var set = new EvaluatedSet("a", songs);
        var same = new EvaluatedSet("b", songs);
        var comparison = SetComparison.Compare(set, same);
        var entropy = comparison.Metrics[MetricCatalog.PitchEntropy];
        Assert.True(entropy.OverlapArea > 0.8, $"OA {entropy.OverlapArea}");
        Assert.True(entropy.KlDivergence < 0.2, $"KL {entropy.KlDivergence}");
    }
}
