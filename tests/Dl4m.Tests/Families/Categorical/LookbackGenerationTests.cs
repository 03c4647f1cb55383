using Dl4m.Categorical;
using Dl4m.Data;
using Dl4m.Generation;
using Dl4m.Families.Categorical;
using Dl4m.Tests.Categorical;
using Dl4m.Training;

namespace Dl4m.Tests.Families.Categorical;

/// <summary>Generation feeds the lookback inputs training feeds: the same rows for the same song, in every generation path.</summary>
public sealed class LookbackGenerationTests
{
    // a tune that repeats itself every bar and every two bars, with chords: quarter, eighth and sixteenth notes in 4/4
    // (times in eighths of a beat)
    private static readonly TimedNote[] Tune =
    [
        .. Enumerable.Range(0, 4).SelectMany(bar => new TimedNote[]
        {
            new(bar % 2 == 0 ? 48 : 43, 70, bar == 0 ? 0 : 8, 16), new(64, 90, 0, 8), new(67, 90, 8, 4), new(65, 90, 4, 4), new(64, 90, 4, 8),
            new(bar % 2 == 0 ? 60 : 62, 90, 8, 8),
        }),
    ];

    [Theory]
    [InlineData(CategoricalEncoding.PitchLookback)]
    [InlineData(CategoricalEncoding.EventLookback)]
    [InlineData(CategoricalEncoding.MatchedEventLookback)]
    public void Generation_feeds_a_song_with_the_rows_training_builds_for_it(int version)
    {
        using var tmp = new TempFolder();
        using var dataset = Dataset.Open(TimedNotes.Dataset(tmp, [("tune.mid", Tune)]));
        var encoding = CategoricalEncodingBuilder.Fit(dataset, new CategoricalEncodingOptions { LookbackVersion = version });
        Assert.Equal([1, 2, 4, 8], encoding.LookbackBars);
        var song = BeatTokens.Of(dataset.SongEvents(0));
        int n = song.Length;
        var set = CategoricalWindowSet.Build(dataset, DatasetSplit.Train, encoding, lookback: n - 1, stride: 1, TrainingMode.ManyToMany);
        var training = new float[(n - 1) * encoding.InputSize];
        set.FillBatch([0], [], training, new float[(n - 1) * 4]);

        using var generator = new CategoricalGenerator(TinyCategoricalModel.NewModel(encoding), encoding);
        var fed = new List<float[]>();
        generator.InputObserver = row => fed.Add((float[])row.Clone());
        generator.Generate(song, -1, new GenerationOptions { Notes = 1, Seed = 1 });

        Assert.Equal(n + 1, fed.Count); // the primer, whole, then the generated note
        for (int i = 0; i < n - 1; i++)
            Assert.Equal(training.AsSpan(i * encoding.InputSize, encoding.InputSize).ToArray(), fed[i]);
        Assert.True(training.AsSpan().IndexOfAnyExcept(0f) >= 0);
        Assert.Contains(fed, row => row.AsSpan(encoding.LookbackOffset, encoding.LookbackWidth).IndexOfAnyExcept(0f) >= 0); // the tune's repeats give suggestions
        if (version == CategoricalEncoding.MatchedEventLookback) // and full matches: the tune repeats every bar
            Assert.Contains(fed, row => row[encoding.MatchOffset + CategoricalEncoding.MatchValues - 1] == 1f);
    }

    [Theory]
    [InlineData(ContextMode.Stateful, 0, 1)]
    [InlineData(ContextMode.Window, 0, 1)]
    [InlineData(ContextMode.Stateful, 1, 1)]
    [InlineData(ContextMode.Stateful, 0, 2)]
    [InlineData(ContextMode.Window, 0, 2)]
    [InlineData(ContextMode.Stateful, 1, 2)]
    [InlineData(ContextMode.Stateful, 0, 3)]
    [InlineData(ContextMode.Window, 0, 3)]
    [InlineData(ContextMode.Stateful, 1, 3)]
    public void Generated_notes_are_fed_with_the_suggestions_of_their_own_history(ContextMode context, int beam, int version)
    {
        var encoding = TinyCategoricalModel.Encoding() with { LookbackBars = [1, 2], LookbackVersion = version };
        using var generator = new CategoricalGenerator(TinyCategoricalModel.NewModel(encoding, seed: 3), encoding, lookback: 8);
        var fed = new List<float[]>();
        generator.InputObserver = row => fed.Add((float[])row.Clone());
        var primer = Enumerable.Range(0, 10).Select(i => new CategoricalEvent(60 + i % 5, 80, i == 0 ? 0 : 6, 6, i * 6 % 48)).ToArray();
        const int notes = 40;
        generator.Generate(primer, 0, new GenerationOptions { Notes = notes, Seed = 4, Context = context, Beam = beam });

        // the row of each event: the primer's, then each generated note's (window mode re-feeds the last look-back
        // events before each note; the newest is the last row of each group, and the group repeats earlier rows)
        var rows = new List<float[]>(fed.Take(primer.Length));
        int look = generator.Lookback;
        if (context == ContextMode.Window)
        {
            // the group before the first note re-feeds the primer's last events; each later one adds the newest note
            for (int i = 0; i < look; i++) Assert.Equal(rows[primer.Length - look + i], fed[primer.Length + i]);
            for (int start = primer.Length + look; start + look <= fed.Count; start += look)
            {
                for (int i = 0; i < look - 1; i++) Assert.Equal(rows[rows.Count - look + 1 + i], fed[start + i]);
                rows.Add(fed[start + look - 1]);
            }
        }
        else rows.AddRange(fed.Skip(primer.Length));
        // window mode feeds a note in the group before the next note, so the last one is never fed
        Assert.Equal(primer.Length + notes - (context == ContextMode.Window ? 1 : 0), rows.Count);

        int deltaAt = 128 + encoding.VelocityBins, durationAt = deltaAt + encoding.Delta.Count;
        var events = rows.Select(row => new CategoricalEvent(
            row.AsSpan(0, 128).IndexOf(1f),
            encoding.VelocityOfBin(row.AsSpan(128, encoding.VelocityBins).IndexOf(1f)),
            encoding.Delta.StepsOf(row.AsSpan(deltaAt, encoding.Delta.Count).IndexOf(1f)),
            encoding.Duration.StepsOf(row.AsSpan(durationAt, encoding.Duration.Count).IndexOf(1f)))).ToArray();
        Assert.Equal(primer.Select(e => e.Pitch), events.Take(primer.Length).Select(e => e.Pitch));
        var expected = version == CategoricalEncoding.PitchLookback ? LookbackReference.Events(events, 48, [1, 2]) : LookbackReference.AlignedEvents(events, 48, [1, 2]);
        var members = LookbackReference.AlignedMembers(events, 48, [1, 2]);
        int width = encoding.LookbackBlockWidth;
        for (int i = 0; i < events.Length; i++)
            for (int k = 0; k < 2; k++)
            {
                var block = rows[i].AsSpan(encoding.LookbackOffset + k * width, width);
                if (version == CategoricalEncoding.MatchedEventLookback)
                {
                    // version 3: the suggestion as class + 1 per head (0 = none), and the match flag of the aligned event
                    Assert.Equal(expected[i][k].Pitch + 1, (int)block[0]);
                    Assert.Equal(expected[i][k].Pitch < 0 ? 0 : encoding.Delta.Class(expected[i][k].DeltaSteps) + 1, (int)block[2]);
                    var flags = rows[i].AsSpan(encoding.MatchOffset + k * CategoricalEncoding.MatchValues, CategoricalEncoding.MatchValues);
                    Assert.Equal(encoding.MatchPattern(events[i], members[i][k]), flags.IndexOf(1f));
                    continue;
                }
                Assert.Equal(expected[i][k].Pitch, block[..128].IndexOf(1f));
                if (version == CategoricalEncoding.PitchLookback) continue;
                // version 2: the whole suggested event, each head's class in its slot of the block (laid out like the output)
                var groups = encoding.Groups;
                int delta = block.Slice(groups[2].Offset, groups[2].Width).IndexOf(1f);
                Assert.Equal(expected[i][k].Pitch < 0 ? -1 : encoding.Delta.Class(expected[i][k].DeltaSteps), delta);
                Assert.Equal(expected[i][k].Pitch < 0 ? 0 : CategoricalEncoding.HeadCount, block.ToArray().Count(v => v == 1f)); // note, velocity, Δtime, duration
            }
    }
}
