using Dl4m.Data;

namespace Dl4m.Tests.Data;

public class RunningStatisticsTests
{
    [Fact]
    public void Merged_parts_equal_the_whole()
    {
        double[] values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
        var whole = new RunningStatistics();
        foreach (var v in values) whole.Add(v);
        var left = new RunningStatistics();
        var right = new RunningStatistics();
        foreach (var v in values[..4]) left.Add(v);
        foreach (var v in values[4..]) right.Add(v);
        left.Merge(right);

        double mean = values.Average();
        double std = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
        Assert.Equal(mean, whole.Mean, 12);
        Assert.Equal(std, whole.StandardDeviation, 12);
        Assert.Equal(mean, left.Mean, 12);
        Assert.Equal(std, left.StandardDeviation, 12);
        Assert.Equal((1.0, 9.0, 11L), (left.Min, left.Max, left.Count));
    }

    [Fact]
    public void Empty_statistics_are_zero_and_merge_as_identity()
    {
        var empty = new RunningStatistics();
        Assert.Equal((0.0, 0.0, 0L), (empty.Mean, empty.StandardDeviation, empty.Count));
        var one = new RunningStatistics();
        one.Add(7);
        one.Merge(empty);
        empty.Merge(one);
        Assert.Equal((7.0, 7.0, 7.0, 1L), (empty.Mean, empty.Min, empty.Max, empty.Count));
    }
}
