using Dl4m.Data;
using Dl4m.Training;
using Dl4m.Training.Losses;

namespace Dl4m.Tests.Training;

public class WindowSetTests
{
    [Theory]
    [InlineData(TrainingMode.ManyToOne)]
    [InlineData(TrainingMode.ManyToMany)]
    public void Windows_are_consecutive_normalised_events_of_one_song_and_targets_the_next(TrainingMode mode)
    {
        using var tmp = new TempFolder();
        using var dataset = Dataset.Open(TinyDataset.Build(tmp, songs: 6, notes: 10));
        var scaling = FeatureScaling.FromManifest(dataset.Manifest);
        const int lookback = 4;
        var windows = WindowSet.Build(dataset, DatasetSplit.Train, scaling, lookback, mode);
        var songs = dataset.SongsIn(DatasetSplit.Train);
        Assert.Equal(songs.Sum(s => dataset.Songs[s].EventCount - lookback), windows.Count);

        // Expected windows straight from the memory-mapped records.
        var expectedInputs = new List<float>();
        var expectedTargets = new List<float>();
        Span<float> f = stackalloc float[3];
        foreach (int s in songs)
        {
            var events = dataset.SongEvents(s);
            for (int start = 0; start + lookback < events.Length; start++)
            {
                for (int t = 0; t < lookback; t++) { scaling.Normalise(events[start + t], f); expectedInputs.AddRange(f.ToArray()); }
                int first = mode == TrainingMode.ManyToOne ? start + lookback : start + 1;
                int count = mode == TrainingMode.ManyToOne ? 1 : lookback;
                for (int t = 0; t < count; t++) { scaling.Normalise(events[first + t], f); expectedTargets.AddRange(f.ToArray()); }
            }
        }
        var all = Enumerable.Range(0, windows.Count).ToArray();
        var input = new float[windows.Count * lookback * 3];
        var target = new float[windows.Count * windows.TargetRows * 3];
        windows.FillBatch(all, input, target);
        Assert.Equal(expectedInputs, input);
        Assert.Equal(expectedTargets, target);

        // The previous-event baseline predicts each target by the event before it.
        var previous = new float[target.Length];
        windows.FillPreviousEvents(all, previous);
        if (mode == TrainingMode.ManyToOne)
            for (int b = 0; b < windows.Count; b++)
                Assert.Equal(input.AsSpan((b * lookback + lookback - 1) * 3, 3).ToArray(), previous.AsSpan(b * 3, 3).ToArray());
        else
            Assert.Equal(input, previous);
    }

    [Fact]
    public void Short_songs_are_skipped_and_limits_apply()
    {
        using var tmp = new TempFolder();
        using var dataset = Dataset.Open(TinyDataset.Build(tmp, songs: 9, notes: 5)); // 5–7 events per song
        var scaling = FeatureScaling.FromManifest(dataset.Manifest);
        var train = dataset.SongsIn(DatasetSplit.Train);
        var windows = WindowSet.Build(dataset, DatasetSplit.Train, scaling, 6, TrainingMode.ManyToOne);
        Assert.Equal(train.Count(s => dataset.Songs[s].EventCount == 7), windows.Songs);
        Assert.Equal(train.Max(s => dataset.Songs[s].EventCount), windows.LongestSong);
        Assert.Equal(1, WindowSet.Build(dataset, DatasetSplit.Train, scaling, 1, TrainingMode.ManyToOne, maxSongs: 1).Songs);
        Assert.Equal(3, WindowSet.Build(dataset, DatasetSplit.Train, scaling, 1, TrainingMode.ManyToOne, maxWindows: 3).Count);
    }

    [Fact]
    public void Epoch_orders_are_permutations_that_depend_on_seed_and_epoch_only()
    {
        var a = new int[100];
        var b = new int[100];
        EpochShuffle.Fill(a, 1, 0);
        EpochShuffle.Fill(b, 1, 0);
        Assert.Equal(a, b);
        Assert.Equal(Enumerable.Range(0, 100), a.Order());
        EpochShuffle.Fill(b, 1, 1);
        Assert.NotEqual(a, b);
        EpochShuffle.Fill(b, 2, 0);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Baselines_score_what_they_predict()
    {
        using var tmp = new TempFolder();
        // Every song repeats one note: repeating the previous event gets every note right.
        for (int s = 0; s < 12; s++)
            tmp.Write($"in/s{s}.mid", Dl4m.Tests.Data.FakeMidiParser.Bytes("FAKE", [.. Enumerable.Repeat((50 + s, 80), 12)]));
        new DatasetBuilder(new DatasetBuildOptions { Split = new SplitRatios(50, 50, 0), Threads = 1 }, Dl4m.Tests.Data.FakeMidiParser.Parse)
            .Build(tmp.Combine("in"), tmp.Combine("data"));
        using var dataset = Dataset.Open(tmp.Combine("data"));
        var scaling = FeatureScaling.FromManifest(dataset.Manifest);
        var windows = WindowSet.Build(dataset, DatasetSplit.Validation, scaling, 3, TrainingMode.ManyToOne);
        var evaluator = new Evaluator(windows, new MseLoss(), scaling, batch: 5);
        var repeat = evaluator.RepeatPrevious();
        Assert.Equal(1.0, repeat.NoteAccuracy);
        Assert.Equal(0.0, repeat.Note, 12);
        var mean = evaluator.TrainingMean();
        Assert.True(mean.Note > 0);
        Assert.True(mean.NoteAccuracy < 1.0);
    }

    [Theory]
    [InlineData(TrainingMode.ManyToOne)]
    [InlineData(TrainingMode.ManyToMany)]
    public void Transpositions_shift_only_the_notes_and_keep_them_within_midi_range(TrainingMode mode)
    {
        using var tmp = new TempFolder();
        // one low song (pitches 1–6) and one high (121–126), so every window has a one-sided limit
        tmp.Write("in/low.mid", Dl4m.Tests.Data.FakeMidiParser.Bytes("FAKE", [(3, 80), (1, 80), (4, 80), (6, 80), (2, 80), (5, 80)]));
        tmp.Write("in/high.mid", Dl4m.Tests.Data.FakeMidiParser.Bytes("FAKE", [(121, 70), (126, 70), (123, 70), (122, 70), (125, 70), (124, 70)]));
        new DatasetBuilder(new DatasetBuildOptions { Split = new SplitRatios(1, 0, 0), Threads = 1 }, Dl4m.Tests.Data.FakeMidiParser.Parse)
            .Build(tmp.Combine("in"), tmp.Combine("data"));
        using var dataset = Dataset.Open(tmp.Combine("data"));
        var scaling = FeatureScaling.FromManifest(dataset.Manifest);
        var windows = WindowSet.Build(dataset, DatasetSplit.Train, scaling, 2, mode);
        int[] all = [.. Enumerable.Range(0, windows.Count)];
        var plainInput = new float[all.Length * 2 * 3];
        var plainTarget = new float[all.Length * windows.TargetRows * 3];
        windows.FillBatch(all, plainInput, plainTarget);

        var shifts = new float[all.Length];
        var random = new Random(4);
        var input = new float[plainInput.Length];
        var target = new float[plainTarget.Length];
        var seen = new HashSet<(int, int)>();
        for (int draw = 0; draw < 200; draw++)
        {
            windows.DrawTranspositions(all, 5, scaling, random, shifts);
            windows.FillBatch(all, shifts, input, target);
            for (int b = 0; b < all.Length; b++)
            {
                double semitones = shifts[b] * scaling.NoteStd;
                Assert.Equal(Math.Round(semitones), semitones, 4);
                seen.Add((b, (int)Math.Round(semitones)));
                for (int i = 0; i < 6; i++)
                {
                    float expected = plainInput[b * 6 + i] + (i % 3 == 0 ? shifts[b] : 0f);
                    Assert.Equal(expected, input[b * 6 + i], 5);
                }
                int width = windows.TargetRows * 3;
                for (int i = 0; i < width; i++)
                    Assert.Equal(plainTarget[b * width + i] + (i % 3 == 0 ? shifts[b] : 0f), target[b * width + i], 5);
            }
            foreach (float note in input.Where((_, i) => i % 3 == 0).Concat(target.Where((_, i) => i % 3 == 0)))
                Assert.InRange(scaling.NoteFromNormalised(note), -1e-3, 127 + 1e-3);
        }
        // the low song's windows reach their floor (−lowest pitch) and +5; the high song's −5 and their ceiling
        for (int b = 0; b < all.Length; b++)
        {
            var shiftsOfWindow = seen.Where(p => p.Item1 == b).Select(p => p.Item2).ToArray();
            double lowest = scaling.NoteFromNormalised(Enumerable.Range(0, 3).Min(t => windows.Events[(windows.Start(b) + t) * 3]));
            double highest = scaling.NoteFromNormalised(Enumerable.Range(0, 3).Max(t => windows.Events[(windows.Start(b) + t) * 3]));
            Assert.Equal(Math.Max(-5, -(int)Math.Round(lowest)), shiftsOfWindow.Min());
            Assert.Equal(Math.Min(5, 127 - (int)Math.Round(highest)), shiftsOfWindow.Max());
        }

        // allocation-free on the training path (after the calls above warmed it up)
        long least = long.MaxValue;
        for (int round = 0; round < 10 && least > 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++)
            {
                windows.DrawTranspositions(all, 5, scaling, random, shifts);
                windows.FillBatch(all, shifts, input, target);
            }
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, least);
    }
}
