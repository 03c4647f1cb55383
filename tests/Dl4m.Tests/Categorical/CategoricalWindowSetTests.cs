using Dl4m.Categorical;
using Dl4m.Data;
using Dl4m.Training;

namespace Dl4m.Tests.Categorical;

public class CategoricalWindowSetTests
{
    // Times in eighths of a beat = 1.5 grid steps. Δ class = steps (0…24); duration class = steps − 1 (1…24 steps).
    // Song a onsets (steps) 0, 6, 6, 18, 24, 48; durations 6, 6, 12, 3, 6, 24; bar positions = onset mod 48.
    // Velocity bins of 16: 1 → 0, 64 → 7, 80 → 9, 100 → 12, 127 → 15
    private static readonly (string, TimedNote[])[] HandSongs =
    [
        ("folk/a.mid", [new(60, 100, 0, 4), new(62, 80, 4, 4), new(64, 64, 0, 8), new(65, 100, 8, 2), new(67, 1, 4, 4), new(72, 127, 16, 16)]),
        ("jazz/b.mid", [new(48, 50, 0, 4), new(50, 50, 2, 4), new(52, 50, 2, 4), new(53, 50, 2, 4)]),
    ];

    // the hand-computed layouts below are without lookback inputs; the tests that have them pass lookbackBars
    private static CategoricalEncoding Fit(Dataset dataset, NoteTarget notes = NoteTarget.Pitch, HeadKind timing = HeadKind.Classes, bool normalizeKey = false,
        int[]? lookbackBars = null, int lookbackVersion = CategoricalEncoding.EventLookback) =>
        CategoricalEncodingBuilder.Fit(dataset, new CategoricalEncodingOptions
        {
            Notes = notes, Timing = timing, Velocity = timing, NormalizeKey = normalizeKey, LookbackBars = lookbackBars ?? [],
            LookbackVersion = lookbackVersion,
        });

    private static (float[] Input, float[] Target) Fill(CategoricalWindowSet set, int[]? windows = null, int[]? shifts = null)
    {
        windows ??= Enumerable.Range(0, set.Count).ToArray();
        var input = new float[windows.Length * set.Lookback * set.InputSize];
        var target = new float[windows.Length * set.TargetRows * CategoricalEncoding.TargetWidth];
        set.FillBatch(windows, shifts ?? [], input, target);
        return (input, target);
    }

    /// <summary>Indices of the ones of each input row (all other values must be 0).</summary>
    private static int[][] OnesPerRow(float[] input, int inputSize)
    {
        Assert.All(input, v => Assert.True(v is 0f or 1f));
        return input.Chunk(inputSize).Select(row => Enumerable.Range(0, inputSize).Where(i => row[i] == 1f).ToArray()).ToArray();
    }

    [Fact]
    public void Many_to_one_windows_hold_hand_computed_one_hots_and_next_event_targets()
    {
        using var tmp = new TempFolder();
        using var dataset = Dataset.Open(TimedNotes.Dataset(tmp, HandSongs));
        var encoding = Fit(dataset);
        var set = CategoricalWindowSet.Build(dataset, DatasetSplit.Train, encoding, lookback: 3, stride: 2, TrainingMode.ManyToOne);
        Assert.Equal(3, set.Count); // a@0, a@2 (a@4 has no target), b@0
        Assert.Equal(2, set.Songs);
        Assert.Equal(6, set.LongestSong);
        Assert.Equal(322, set.InputSize);
        var (input, target) = Fill(set);

        // offsets: velocity 128, Δ 144, duration 184, bar position 224, label 320 (folk) / 321 (jazz)
        int[][] expected =
        [
            [60, 140, 144, 189, 224, 320], [62, 137, 150, 189, 230, 320], [64, 135, 144, 195, 230, 320], // a: events 0–2
            [64, 135, 144, 195, 230, 320], [65, 140, 156, 186, 242, 320], [67, 128, 150, 189, 248, 320], // a: events 2–4
            [48, 134, 144, 189, 224, 321], [50, 134, 147, 189, 227, 321], [52, 134, 147, 189, 230, 321], // b: events 0–2 (v 50 → bin 6)
        ];
        Assert.Equal(expected, OnesPerRow(input, set.InputSize));
        Assert.Equal([65f, 12, 12, 2, /**/ 72, 15, 24, 23, /**/ 53, 6, 3, 5], target);
        Assert.Equal([0, 0, 1], Enumerable.Range(0, 3).Select(set.Label));
        Assert.Equal((60, 65), set.PitchRange(0));
        Assert.Equal((64, 72), set.PitchRange(1));

        // interval head (R = 36): class = interval from the last input event + 36
        var intervals = CategoricalWindowSet.Build(dataset, DatasetSplit.Train, Fit(dataset, NoteTarget.Interval), 3, 2, TrainingMode.ManyToOne);
        var (intervalInput, intervalTarget) = Fill(intervals);
        Assert.Equal(input, intervalInput);
        Assert.Equal([37f, 12, 12, 2, /**/ 41, 15, 24, 23, /**/ 37, 6, 3, 5], intervalTarget);
    }

    [Fact]
    public void Many_to_many_targets_are_the_window_shifted_by_one()
    {
        using var tmp = new TempFolder();
        using var dataset = Dataset.Open(TimedNotes.Dataset(tmp, HandSongs));
        var set = CategoricalWindowSet.Build(dataset, DatasetSplit.Train, Fit(dataset), 3, 2, TrainingMode.ManyToMany);
        Assert.Equal(3, set.TargetRows);
        var (_, target) = Fill(set, [0]);
        Assert.Equal([62f, 9, 6, 5, /**/ 64, 7, 0, 11, /**/ 65, 12, 12, 2], target);

        var intervals = CategoricalWindowSet.Build(dataset, DatasetSplit.Train, Fit(dataset, NoteTarget.Interval), 3, 2, TrainingMode.ManyToMany);
        (_, target) = Fill(intervals, [1]); // events 3–5 after 2–4: +1, +2, +5
        Assert.Equal([37f, 12, 12, 2, /**/ 38, 0, 6, 5, /**/ 41, 15, 24, 23], target);
    }

    [Fact]
    public void Regression_heads_write_z_scores_of_velocity_and_log_times()
    {
        using var tmp = new TempFolder();
        using var dataset = Dataset.Open(TimedNotes.Dataset(tmp, HandSongs));
        var encoding = Fit(dataset, timing: HeadKind.Regression);
        var s = encoding.Scaling;
        var set = CategoricalWindowSet.Build(dataset, DatasetSplit.Train, encoding, 3, 2, TrainingMode.ManyToOne);
        var (input, target) = Fill(set, [0]); // target: (65, 100, Δ 1 beat, ¼ beat)
        Assert.Equal(65f, target[0]);
        Assert.Equal((100 - s.VelocityMean) / s.VelocityStd, target[1], 5);
        Assert.Equal((Math.Log(1 + 1.0 / 48) - s.LogDeltaMean) / s.LogDeltaStd, target[2], 5);
        Assert.Equal((Math.Log(0.25 + 1.0 / 48) - s.LogDurationMean) / s.LogDurationStd, target[3], 5);
        Assert.Equal([60, 140, 144, 189, 224, 320], OnesPerRow(input, set.InputSize)[0]); // inputs stay one-hot classes
    }

    [Theory]
    [InlineData(TrainingMode.ManyToOne, NoteTarget.Pitch, 1, false, 1)]
    [InlineData(TrainingMode.ManyToMany, NoteTarget.Pitch, 4, true, 1)]
    [InlineData(TrainingMode.ManyToMany, NoteTarget.Interval, 3, false, 1)]
    [InlineData(TrainingMode.ManyToOne, NoteTarget.Interval, 7, true, 1)]
    [InlineData(TrainingMode.ManyToOne, NoteTarget.Pitch, 1, false, 2)]
    [InlineData(TrainingMode.ManyToMany, NoteTarget.Pitch, 4, true, 2)]
    [InlineData(TrainingMode.ManyToMany, NoteTarget.Interval, 3, false, 2)]
    [InlineData(TrainingMode.ManyToOne, NoteTarget.Interval, 7, true, 2)]
    public void Windows_match_a_direct_encoding_of_the_songs(TrainingMode mode, NoteTarget notes, int stride, bool normalizeKey, int lookbackVersion)
    {
        using var tmp = new TempFolder();
        var random = new Random(7);
        var songs = Enumerable.Range(0, 8).Select(i => ($"{(i % 2 == 0 ? "even" : "odd")}/s{i}.mid", TimedNotes.RandomWalk(random, 10 + 3 * i))).ToArray();
        using var dataset = Dataset.Open(TimedNotes.Dataset(tmp, songs));
        var encoding = Fit(dataset, notes, normalizeKey: normalizeKey, lookbackBars: [1, 2], lookbackVersion: lookbackVersion);
        const int lookback = 5;
        var set = CategoricalWindowSet.Build(dataset, DatasetSplit.Train, encoding, lookback, stride, mode);

        var expectedInput = new List<float>();
        var expectedTarget = new List<float>();
        var row = new float[encoding.InputSize];
        var y = new float[4];
        int windows = 0;
        foreach (int s in dataset.SongsIn(DatasetSplit.Train))
        {
            var records = dataset.SongEvents(s);
            int shift = normalizeKey ? SongKeys.Shift(records) : 0;
            var events = BeatTokens.Of(records).Select(e => e with { Pitch = e.Pitch + shift }).ToArray();
            int label = encoding.LabelIndex(dataset.Songs[s].Label);
            var suggestions = lookbackVersion == CategoricalEncoding.EventLookback // the random walks are in 4/4
                ? LookbackReference.AlignedEvents(events, BeatTokens.DefaultBarSteps, [1, 2])
                : LookbackReference.Events(events, BeatTokens.DefaultBarSteps, [1, 2]);
            for (int start = 0; start + lookback < events.Length; start += stride, windows++)
            {
                for (int t = 0; t < lookback; t++)
                {
                    encoding.EncodeInput(events[start + t], label, suggestions[start + t], row);
                    expectedInput.AddRange(row);
                }
                int first = mode == TrainingMode.ManyToOne ? start + lookback : start + 1;
                for (int e = first; e <= start + lookback; e++)
                {
                    encoding.EncodeTarget(events[e], events[e - 1].Pitch, y);
                    expectedTarget.AddRange(y);
                }
            }
        }
        Assert.Equal(windows, set.Count);
        var (input, target) = Fill(set);
        Assert.Equal(expectedInput, input);
        Assert.Equal(expectedTarget, target);
    }

    [Fact]
    public void Stride_sets_the_window_starts_and_limits_apply()
    {
        using var tmp = new TempFolder();
        var random = new Random(11);
        var lengths = new[] { 4, 5, 9, 12, 20 };
        var songs = lengths.Select((n, i) => ($"s{i}.mid", TimedNotes.RandomWalk(random, n))).ToArray();
        using var dataset = Dataset.Open(TimedNotes.Dataset(tmp, songs));
        var encoding = Fit(dataset);
        foreach (int stride in new[] { 1, 2, 4, 5 })
        {
            var set = CategoricalWindowSet.Build(dataset, DatasetSplit.Train, encoding, 4, stride, TrainingMode.ManyToOne);
            // a song of n events has windows at 0, stride, … while start + 4 < n
            int expected = lengths.Sum(n => Enumerable.Range(0, n).Count(start => start % stride == 0 && start + 4 < n));
            Assert.Equal(expected, set.Count);
            Assert.Equal(4, set.Songs); // the 4-event song has no window
            Assert.Equal(20, set.LongestSong);
            Assert.Equal(stride, set.Stride);
        }

        // Window starts: the first input pitch of each window of the 20-event song is event 0, 5, 10, 15 of it.
        int longSong = Enumerable.Range(0, dataset.Songs.Count).Single(s => dataset.Songs[s].EventCount == 20);
        var pitches = BeatTokens.Of(dataset.SongEvents(longSong)).Select(e => e.Pitch).ToArray(); // canonical order
        var strided = CategoricalWindowSet.Build(dataset, DatasetSplit.Train, encoding, 4, 5, TrainingMode.ManyToOne);
        var firstPitches = new List<int>();
        int windowsBefore = dataset.SongsIn(DatasetSplit.Train).TakeWhile(s => s != longSong)
            .Sum(s => Enumerable.Range(0, dataset.Songs[s].EventCount).Count(start => start % 5 == 0 && start + 4 < dataset.Songs[s].EventCount));
        for (int w = windowsBefore; w < windowsBefore + 4; w++)
        {
            var (input, _) = Fill(strided, [w]);
            firstPitches.Add(Array.IndexOf(input, 1f)); // the first one of the first row is its pitch
        }
        Assert.Equal([pitches[0], pitches[5], pitches[10], pitches[15]], firstPitches);

        Assert.Equal(1, CategoricalWindowSet.Build(dataset, DatasetSplit.Train, encoding, 4, 1, TrainingMode.ManyToOne, maxSongs: 2).Songs);
        var limited = CategoricalWindowSet.Build(dataset, DatasetSplit.Train, encoding, 2, 1, TrainingMode.ManyToOne, maxWindows: 7, seed: 3);
        Assert.Equal(7, limited.Count);
        var again = CategoricalWindowSet.Build(dataset, DatasetSplit.Train, encoding, 2, 1, TrainingMode.ManyToOne, maxWindows: 7, seed: 3);
        Assert.Equal(Fill(limited).Input, Fill(again).Input);

        Assert.Contains("TrainingOptions.Lookback", Assert.Throws<Dl4mException>(() => CategoricalWindowSet.Build(dataset, DatasetSplit.Train, encoding, 0, 1, TrainingMode.ManyToOne)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => CategoricalWindowSet.Build(dataset, DatasetSplit.Train, encoding, 3, 0, TrainingMode.ManyToOne));
    }

    [Fact]
    public void Transpositions_stay_within_range_and_move_pitches_but_not_intervals()
    {
        using var tmp = new TempFolder();
        TimedNote N(int pitch) => new(pitch, 80, 4, 4);
        using var dataset = Dataset.Open(TimedNotes.Dataset(tmp,
        [
            ("low.mid", [N(3), N(2), N(5), N(4), N(7), N(9), N(8)]),
            ("mid.mid", [N(60), N(64), N(67), N(62), N(65), N(69), N(71)]),
            ("high.mid", [N(120), N(124), N(122), N(125), N(123), N(121), N(126)]),
        ]));
        var pitchSet = CategoricalWindowSet.Build(dataset, DatasetSplit.Train, Fit(dataset), 3, 1, TrainingMode.ManyToMany);
        var intervalSet = CategoricalWindowSet.Build(dataset, DatasetSplit.Train, Fit(dataset, NoteTarget.Interval), 3, 1, TrainingMode.ManyToMany);
        int[] all = [.. Enumerable.Range(0, pitchSet.Count)];
        var shifts = new int[all.Length];
        var seenLow = Enumerable.Repeat(int.MaxValue, all.Length).ToArray();
        var seenHigh = Enumerable.Repeat(int.MinValue, all.Length).ToArray();
        var random = new Random(5);
        for (int draw = 0; draw < 300; draw++)
        {
            pitchSet.DrawTranspositions(all, 5, random, shifts);
            for (int b = 0; b < all.Length; b++) { seenLow[b] = Math.Min(seenLow[b], shifts[b]); seenHigh[b] = Math.Max(seenHigh[b], shifts[b]); }
        }
        for (int w = 0; w < all.Length; w++)
        {
            var (lowest, highest) = pitchSet.PitchRange(w);
            // every allowed shift is drawn at some point, and nothing beyond
            Assert.Equal(Math.Max(-5, -lowest), seenLow[w]);
            Assert.Equal(Math.Min(5, 127 - highest), seenHigh[w]);
        }
        int lowWindow = all.First(w => pitchSet.PitchRange(w).Lowest == 2);   // low song, events 0–3
        int highWindow = all.First(w => pitchSet.PitchRange(w).Highest == 126); // high song, last window
        Assert.Equal(-2, seenLow[lowWindow]);
        Assert.Equal(1, seenHigh[highWindow]);

        pitchSet.DrawTranspositions(all, 5, random, shifts);
        var (plainInput, plainTarget) = Fill(pitchSet);
        var (input, target) = Fill(pitchSet, all, shifts);
        var (intervalInput, intervalTarget) = Fill(intervalSet, all, shifts);
        int size = pitchSet.InputSize;
        for (int b = 0; b < all.Length; b++)
            for (int t = 0; t < 3; t++)
            {
                int r = b * 3 + t;
                int pitch = Array.IndexOf(plainInput, 1f, r * size) - r * size;
                Assert.Equal(1f, input[r * size + pitch + shifts[b]]);
                Assert.Equal(5f, input.AsSpan(r * size, size).ToArray().Sum()); // no labels: root files only
                // the other parts of the row do not move
                Assert.Equal(plainInput.AsSpan(r * size + 128, size - 128).ToArray(), input.AsSpan(r * size + 128, size - 128).ToArray());
                Assert.Equal(plainTarget[r * 4] + shifts[b], target[r * 4]);
                Assert.Equal(plainTarget.AsSpan(r * 4 + 1, 3).ToArray(), target.AsSpan(r * 4 + 1, 3).ToArray());
            }
        Assert.Equal(input, intervalInput);
        Assert.Equal(Fill(intervalSet).Target, intervalTarget); // intervals don't change under transposition

        Assert.Throws<ArgumentException>(() => Fill(pitchSet, [lowWindow], [-3])); // pitch 2 − 3 < 0
        pitchSet.DrawTranspositions(all, 0, random, shifts);
        Assert.All(shifts, s => Assert.Equal(0, s));
    }

    [Fact]
    public void Normalize_key_moves_a_D_major_song_to_C_and_a_B_minor_song_to_A()
    {
        using var tmp = new TempFolder();
        static TimedNote[] Timed(EventRecord[] scale) =>
            scale.Select(e => new TimedNote((int)e.Note, 80, (int)Math.Round(e.DeltaSeconds / TimedNotes.SecondsPerEighth), (int)Math.Round(e.DurationSeconds / TimedNotes.SecondsPerEighth))).ToArray();
        var dMajor = Timed(SongKeysTests.Scale(2));      // D3 …, tonic triad held
        var bMinor = Timed(SongKeysTests.Scale(12 + 11)); // B3 …
        using var dataset = Dataset.Open(TimedNotes.Dataset(tmp, [("d.mid", dMajor), ("b.mid", bMinor)]));
        foreach (bool normalize in new[] { false, true })
        {
            var set = CategoricalWindowSet.Build(dataset, DatasetSplit.Train, Fit(dataset, normalizeKey: normalize), 13, 13, TrainingMode.ManyToMany);
            Assert.Equal(2, set.Count); // one window per 14-note song
            var (input, target) = Fill(set);
            for (int w = 0; w < 2; w++)
            {
                var song = dataset.Songs[dataset.SongsIn(DatasetSplit.Train)[w]].Path == "d.mid" ? dMajor : bMinor;
                int shift = normalize ? -2 : 0; // D major → C major and B minor → A minor are both 2 down
                int firstPitch = Array.IndexOf(input, 1f, w * 13 * set.InputSize) - w * 13 * set.InputSize;
                Assert.Equal(song[0].Pitch + shift, firstPitch);
                var pitches = Enumerable.Range(0, 13).Select(r => (int)target[(w * 13 + r) * 4]).Prepend(firstPitch).ToArray();
                Assert.Equal(song.Select(n => n.Pitch + shift), pitches);
                if (normalize) Assert.Equal(song == dMajor ? 0 : 9, firstPitch % 12); // tonic C / A
            }
        }
    }

    [Fact]
    public void Unigram_and_repeat_baselines_count_the_targets()
    {
        using var tmp = new TempFolder();
        using var dataset = Dataset.Open(TimedNotes.Dataset(tmp, HandSongs));
        var set = CategoricalWindowSet.Build(dataset, DatasetSplit.Train, Fit(dataset), 3, 2, TrainingMode.ManyToOne);
        var frequencies = set.NoteClassFrequencies(additive: 0); // targets: 65, 72, 53
        Assert.Equal(1.0 / 3, frequencies[65], 12);
        Assert.Equal(1.0 / 3, frequencies[72], 12);
        Assert.Equal(1.0 / 3, frequencies[53], 12);
        Assert.Equal(1.0, frequencies.Sum(), 12);
        var smoothed = set.NoteClassFrequencies();
        Assert.Equal(2.0 / 131, smoothed[65], 12);
        Assert.Equal(1.0 / 131, smoothed[0], 12);
        Assert.Equal(Math.Log(131.0 / 2), set.MeanNoteNll(smoothed), 12);
        Assert.Equal(Math.Log(128), set.MeanNoteNll(Enumerable.Repeat(1.0 / 128, 128).ToArray()), 12);
        Assert.Equal(0.0, set.RepeatPreviousAccuracy());

        var manyToMany = CategoricalWindowSet.Build(dataset, DatasetSplit.Train, Fit(dataset), 3, 2, TrainingMode.ManyToMany);
        // 9 target rows: 62 64 65 · 65 67 72 · 50 52 53 (the a-windows overlap at event 3)
        var rows = manyToMany.NoteClassFrequencies(0);
        Assert.Equal(2.0 / 9, rows[65], 12);
        Assert.Equal(1.0 / 9, rows[64], 12);
        Assert.Equal(0.0, rows[60]); // an input, never a target
    }
}
