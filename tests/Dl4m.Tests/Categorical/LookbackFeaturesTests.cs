using System.Text.Json.Nodes;
using Dl4m.Categorical;
using Dl4m.Data;
using Dl4m.Training;

namespace Dl4m.Tests.Categorical;

public class LookbackFeaturesTests
{
    private static int[][] Compute(CategoricalEvent[] song, int barSteps, int[] bars) =>
        Enumerable.Range(0, song.Length).Select(i =>
        {
            var s = new int[bars.Length];
            LookbackFeatures.Compute(song, i, barSteps, bars, s);
            return s;
        }).ToArray();

    [Fact]
    public void Suggestions_are_the_pitch_after_the_point_k_bars_back_and_never_the_target()
    {
        // bar of 12 steps; onsets 0, 6, 12, 18, 24, 48
        CategoricalEvent[] song = [new(60, 80, 0, 6), new(62, 80, 6, 6), new(64, 80, 6, 6), new(65, 80, 6, 6), new(67, 80, 6, 6), new(69, 80, 24, 6)];
        int[][] expected =
        [
            [-1, -1], [-1, -1],
            [62, -1], // onset 12: one bar back is onset 0 (event 0), followed by 62
            [64, -1], // onset 18 → onset 6 (event 1) → 64
            [65, 62], // onset 24 → 12 (event 2) → 65; two bars → 0 (event 0) → 62
            [69, 69], // onset 48 → 36 and 24: the last event at or before is event 4, followed by event 5 itself (the input, not the target)
        ];
        Assert.Equal(expected, Compute(song, 12, [1, 2]));
    }

    [Fact]
    public void Chords_take_the_last_event_at_or_before_the_point()
    {
        // a chord (48, 52, 55) at 0, then 60 at 12; the same chord and 60 one bar (24 steps) later
        CategoricalEvent[] song = [new(48, 80, 0, 6), new(52, 80, 0, 6), new(55, 80, 0, 6), new(60, 80, 12, 6), new(48, 80, 12, 6), new(52, 80, 0, 6), new(55, 80, 0, 6)];
        var s = Compute(song, 24, [1]);
        Assert.Equal([60, 60, 60], s[4..].Select(x => x[0])); // every chord note at 24 points to what followed the chord at 0
        Assert.Equal(-1, s[3][0]);
    }

    private static int[][] Aligned(CategoricalEvent[] song, int barSteps, int[] bars) =>
        Enumerable.Range(0, song.Length).Select(i =>
        {
            var s = new CategoricalEvent[bars.Length];
            LookbackFeatures.ComputeAlignedEvents(song, i, barSteps, bars, s);
            return s.Select(e => e.Pitch).ToArray();
        }).ToArray();

    [Fact]
    public void Version_2_aligns_each_chord_note_with_the_note_of_its_rank()
    {
        // the same song as above: each note of the repeated chord at 24 points to the note after its own rank at 0
        CategoricalEvent[] song = [new(48, 80, 0, 6), new(52, 80, 0, 6), new(55, 80, 0, 6), new(60, 80, 12, 6), new(48, 80, 12, 6), new(52, 80, 0, 6), new(55, 80, 0, 6)];
        var s = Aligned(song, 24, [1]);
        Assert.Equal([52, 55, 60], s[4..].Select(x => x[0])); // 48 → 52, 52 → 55, 55 (top) → 60: each the target when the bar repeats
        Assert.Equal(-1, s[3][0]);
        // a note of higher rank than the group has takes its last note (the version 1 rule)
        CategoricalEvent[] wider = [new(60, 80, 0, 6), new(62, 80, 12, 6), new(48, 80, 12, 6), new(52, 80, 0, 6)];
        Assert.Equal(62, Aligned(wider, 24, [1])[3][0]);
    }

    /// <summary>60 random songs with chords (a third of the Δs are 0), each with a random bar length and lookback list.</summary>
    private static IEnumerable<(CategoricalEvent[] Song, int BarSteps, int[] Bars)> RandomSongsWithChords(int seed)
    {
        var random = new Random(seed);
        for (int trial = 0; trial < 60; trial++)
        {
            var song = Enumerable.Range(0, 1 + random.Next(120)).Select(i =>
                new CategoricalEvent(random.Next(128), 80, i == 0 ? 0 : random.Next(3) == 0 ? 0 : random.Next(1, 30), 3)).ToArray();
            int barSteps = random.Next(1, 60);
            int[] bars = random.Next(2) == 0 ? [1, 2, 4, 8] : [3];
            yield return (song, barSteps, bars);
        }
    }

    [Fact]
    public void The_aligned_walk_back_agrees_with_its_definition_on_random_songs_with_chords()
    {
        foreach (var (song, barSteps, bars) in RandomSongsWithChords(6))
        {
            var expected = LookbackReference.AlignedEvents(song, barSteps, bars).Select(r => r.Select(e => e.Pitch).ToArray()).ToArray();
            Assert.Equal(expected, Aligned(song, barSteps, bars));
        }
    }

    [Fact]
    public void Version_3_also_gives_the_aligned_events_themselves_as_defined()
    {
        foreach (var (song, barSteps, bars) in RandomSongsWithChords(7))
        {
            var members = LookbackReference.AlignedMembers(song, barSteps, bars);
            var suggestions = LookbackReference.AlignedEvents(song, barSteps, bars);
            var encoding = Dl4m.Tests.Families.Categorical.TinyCategoricalModel.Encoding() with { LookbackBars = bars, LookbackVersion = CategoricalEncoding.MatchedEventLookback };
            var slots = new CategoricalEvent[encoding.LookbackSlots];
            for (int i = 0; i < song.Length; i++)
            {
                LookbackFeatures.Suggest(encoding, song, i, barSteps, bars, slots);
                Assert.Equal(suggestions[i], slots[..bars.Length]);
                Assert.Equal(members[i], slots[bars.Length..]);
            }
        }
    }

    [Fact]
    public void Match_patterns_say_which_heads_of_the_aligned_event_repeat()
    {
        var encoding = Dl4m.Tests.Families.Categorical.TinyCategoricalModel.Encoding() with { LookbackBars = [1], LookbackVersion = CategoricalEncoding.MatchedEventLookback };
        var current = new CategoricalEvent(60, 80, 6, 12);
        Assert.Equal(-1, encoding.MatchPattern(current, LookbackFeatures.NoEvent));
        Assert.Equal(15, encoding.MatchPattern(current, current));
        Assert.Equal(14, encoding.MatchPattern(current, current with { Pitch = 62 }));       // velocity, Δtime, duration repeat
        Assert.Equal(12, encoding.MatchPattern(current, new CategoricalEvent(67, 20, 6, 12))); // the rhythm repeats
        Assert.Equal(0, encoding.MatchPattern(current, new CategoricalEvent(67, 20, 0, 1)));
        // in the input row: one flag per entry, then the suggestion as class + 1 per head at the row's end
        var row = new float[encoding.InputSize];
        encoding.EncodeInput(current, -1, [new CategoricalEvent(64, 80, 12, 6), current with { Pitch = 62 }], row);
        Assert.Equal(1f, row[encoding.MatchOffset + 14]);
        Assert.Equal(1, row.AsSpan(encoding.MatchOffset, CategoricalEncoding.MatchValues).ToArray().Sum());
        Assert.Equal([64 + 1, encoding.VelocityBin(80) + 1, encoding.Delta.Class(12) + 1, encoding.Duration.Class(6) + 1], row[encoding.LookbackOffset..]);
        Assert.Equal(encoding.InputSize, encoding.LookbackOffset + 4);
    }

    [Fact]
    public void The_walk_back_agrees_with_the_definition_on_random_songs()
    {
        var random = new Random(5);
        for (int trial = 0; trial < 40; trial++)
        {
            var song = Enumerable.Range(0, 1 + random.Next(120)).Select(i =>
                new CategoricalEvent(random.Next(128), 80, i == 0 ? 0 : random.Next(4) == 0 ? 0 : random.Next(1, 30), 3)).ToArray();
            int barSteps = random.Next(1, 60);
            int[] bars = random.Next(2) == 0 ? [1, 2, 4, 8] : [3];
            Assert.Equal(LookbackReference.Suggestions(song, barSteps, bars), Compute(song, barSteps, bars));
        }
    }

    [Theory]
    [InlineData(CategoricalEncoding.EventLookback)]
    [InlineData(CategoricalEncoding.MatchedEventLookback)]
    public void Fill_batch_shifts_suggestions_with_the_pitches_and_drops_those_leaving_the_range(int version)
    {
        using var tmp = new TempFolder();
        // quarter notes (8 eighths of a beat = 12 steps), 4/4: one bar back from the 5th note is the 1st, followed by 120
        TimedNote[] notes = [.. new[] { 60, 120, 62, 64, 65, 67, 69 }.Select(p => new TimedNote(p, 80, 8, 8))];
        using var dataset = Dataset.Open(TimedNotes.Dataset(tmp, [("s.mid", notes)]));
        var encoding = CategoricalEncodingBuilder.Fit(dataset, new CategoricalEncodingOptions { LookbackBars = [1], LookbackVersion = version });
        var set = CategoricalWindowSet.Build(dataset, DatasetSplit.Train, encoding, lookback: 2, stride: 1, TrainingMode.ManyToMany);
        int window = 3; // inputs events 3 and 4 (64, 65), targets 65, 67
        int row = encoding.InputSize;
        // the suggested pitch of event 4's block: the one-hot's index (version 2) or the class index + 1 (version 3); −1 = none
        int Suggested(int shift)
        {
            var input = new float[2 * row];
            set.FillBatch([window], [shift], input, new float[2 * 4]);
            if (version == CategoricalEncoding.MatchedEventLookback) return (int)input[row + encoding.LookbackOffset] - 1;
            var block = input.AsSpan(row + encoding.LookbackOffset, 128);
            Assert.True(block.ToArray().Sum() <= 1);
            return block.IndexOf(1f);
        }
        Assert.Equal(120, Suggested(0));
        Assert.Equal(125, Suggested(5));
        Assert.Equal(113, Suggested(-7));
        Assert.Equal(-1, Suggested(10)); // 130 is no pitch: no suggestion rather than a wrong one
    }

    [Fact]
    public void Encodings_without_the_field_load_as_no_lookback_and_bad_lists_are_refused()
    {
        var encoding = new CategoricalEncoding { Delta = BeatGrid.Delta, Duration = BeatGrid.Duration, LookbackBars = [1, 2] };
        var json = JsonNode.Parse(CategoricalEncodingJson.Serialize(encoding))!.AsObject();
        Assert.Equal(2, json["lookback_bars"]!.AsArray().Count);
        json.Remove("lookback_bars");
        var older = CategoricalEncodingJson.Deserialize(json.ToJsonString());
        Assert.Empty(older.LookbackBars);
        Assert.Equal(encoding.InputSize - 2 * 128, older.InputSize);

        foreach (int[] bad in new[] { new[] { 2, 1 }, [0], [1, 1], [65], [1, 2, 3, 4, 5, 6, 7, 8, 9] })
        {
            var e = Assert.Throws<Dl4mException>(() => (encoding with { LookbackBars = bad }).Validate());
            Assert.Contains("lookback bars", e.Message);
        }
    }

    [Fact]
    public void Encode_input_writes_one_pitch_per_block_before_the_labels()
    {
        var encoding = new CategoricalEncoding { Delta = BeatGrid.Delta, Duration = BeatGrid.Duration, LookbackBars = [1, 2, 4], Labels = ["a", "b"] };
        var row = new float[encoding.InputSize];
        encoding.EncodeInput(new CategoricalEvent(60, 100, 0, 6), 1, [64, LookbackFeatures.None, 67], row);
        int lookback = encoding.LookbackOffset;
        Assert.Equal(1f, row[lookback + 64]);
        Assert.Equal(0f, row.AsSpan(lookback + 128, 128).ToArray().Sum());
        Assert.Equal(1f, row[lookback + 256 + 67]);
        Assert.Equal(1f, row[encoding.InputSize - 1]); // label b stays last
        Assert.Equal(8, row.Sum()); // pitch, velocity, Δ, duration, bar position, two suggestions, label
    }
}
