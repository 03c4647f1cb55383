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

public class EventStatisticsTests
{
    [Fact]
    public void Song_statistics_equal_value_by_value_statistics()
    {
        var events = Enumerable.Range(0, 50).Select(i => new EventRecord
        {
            Note = 40 + i % 13, Velocity = 60 + i % 7, DeltaSeconds = i % 3 * 0.25f, DurationSeconds = 0.1f * (i % 5), DeltaBeats = i % 4,
        }).ToArray();
        var stats = new EventStatistics();
        stats.Add(events.AsSpan(0, 20));
        stats.Add(events.AsSpan(20));
        var reference = new RunningStatistics();
        foreach (var e in events) reference.Add(e.DurationSeconds);
        Assert.Equal(reference.Mean, stats.DurationSeconds.Mean, 12);
        Assert.Equal(reference.StandardDeviation, stats.DurationSeconds.StandardDeviation, 12);
        Assert.Equal((reference.Min, reference.Max, 50L), (stats.DurationSeconds.Min, stats.DurationSeconds.Max, stats.DurationSeconds.Count));
        Assert.Equal(events.Average(e => (double)e.Note), stats.Note.Mean, 12);
    }
}
