using Dl4m.Categorical;
using Dl4m.Data;
using Dl4m.Families.Categorical;
using Dl4m.Training;

namespace Dl4m.Tests.Training;

/// <summary>The lanes of stateful training and validation over a real window set (songs of 30–32 events, 8-event windows).</summary>
public class SongLanesTests
{
    private static CategoricalWindowSet Windows(TempFolder tmp, int maxWindows = 0, int stride = 8)
    {
        string data = TinyDataset.Build(tmp, songs: 20, notes: 30);
        using var dataset = Dataset.Open(data);
        var encoding = CategoricalTrainingTask.FitEncoding(dataset, CategoricalTrainerTests.Tiny());
        return CategoricalWindowSet.Build(dataset, DatasetSplit.Train, encoding, 8, stride, TrainingMode.ManyToMany, maxWindows: maxWindows, seed: 3);
    }

    [Fact]
    public void Windows_of_a_song_follow_each_other_and_songs_start_fresh()
    {
        using var tmp = new TempFolder();
        var windows = Windows(tmp);
        var lanes = new SongLanes(windows);
        Assert.Equal(windows.Songs, lanes.Segments);
        for (int w = 0; w < windows.Count; w++)
            Assert.Equal(w > 0 && windows.SongOf(w) == windows.SongOf(w - 1), windows.ContinuesPrevious(w));
        // Overlapping windows (stride 2) still follow each other in the song, Stride events apart.
        using var tmp2 = new TempFolder();
        var overlapping = Windows(tmp2, stride: 2);
        Assert.True(overlapping.ContinuesPrevious(1));
    }

    [Theory]
    [InlineData(4, 0)]
    [InlineData(5, 1)]
    [InlineData(3, 7)]
    public void An_epoch_order_is_a_permutation_whose_rows_walk_through_songs_in_order(int batch, int epoch)
    {
        using var tmp = new TempFolder();
        var windows = Windows(tmp);
        var lanes = new SongLanes(windows);
        var order = new int[windows.Count];
        lanes.FillOrder(order, batch, seed: 5, epoch);
        Assert.Equal(Enumerable.Range(0, windows.Count), order.Order());

        int steps = windows.Count / batch, restarts = 0, carried = 0;
        for (int b = 0; b < batch; b++)
            for (int s = 1; s < steps; s++)
            {
                int previous = order[(s - 1) * batch + b], w = order[s * batch + b];
                if (windows.ContinuesPrevious(w) && previous == w - 1) carried++;
                else
                {
                    // A row leaves a song only at its end: the previous window was its song's last.
                    Assert.False(previous + 1 < windows.Count && windows.ContinuesPrevious(previous + 1), $"row {b} left song of window {previous} mid-way");
                    Assert.False(windows.ContinuesPrevious(w), $"row {b} entered window {w} mid-song");
                    restarts++;
                }
            }
        Assert.True(carried > restarts, $"{carried} carried, {restarts} restarts");

        var again = new int[windows.Count];
        lanes.FillOrder(again, batch, seed: 5, epoch);
        Assert.Equal(order, again);
        lanes.FillOrder(again, batch, seed: 5, epoch + 1);
        Assert.NotEqual(order, again);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(3)]
    [InlineData(1)]
    public void Packing_puts_every_window_once_on_a_lane_each_song_from_its_start(int maxLanes)
    {
        using var tmp = new TempFolder();
        var windows = Windows(tmp);
        var (plan, lanes, steps) = new SongLanes(windows).Pack(maxLanes);
        Assert.InRange(lanes, 1, Math.Min(maxLanes, windows.Songs));
        Assert.Equal(Enumerable.Range(0, windows.Count), plan.Where(w => w >= 0).Order());
        for (int l = 0; l < lanes; l++)
            for (int s = 0; s < steps; s++)
            {
                int w = plan[s * lanes + l];
                if (w < 0) { Assert.True(s == steps - 1 || plan[(s + 1) * lanes + l] < 0, "a lane ends once"); continue; }
                if (windows.ContinuesPrevious(w)) Assert.Equal(w - 1, plan[(s - 1) * lanes + l]);
            }
    }

    [Fact]
    public void Gaps_left_by_max_windows_start_a_new_segment()
    {
        using var tmp = new TempFolder();
        var windows = Windows(tmp, maxWindows: 20);
        var lanes = new SongLanes(windows);
        int songsLeft = Enumerable.Range(0, windows.Count).Select(windows.SongOf).Distinct().Count();
        int gaps = Enumerable.Range(1, windows.Count - 1).Count(w => windows.SongOf(w) == windows.SongOf(w - 1) && !windows.ContinuesPrevious(w));
        Assert.True(gaps > 0, "20 of 30 windows kept leave a gap in some song");
        Assert.Equal(songsLeft + gaps, lanes.Segments);
        var (plan, _, _) = lanes.Pack(4);
        Assert.Equal(Enumerable.Range(0, windows.Count), plan.Where(w => w >= 0).Order());
    }
}
