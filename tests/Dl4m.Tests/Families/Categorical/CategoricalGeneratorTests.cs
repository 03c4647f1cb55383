using Dl4m.Categorical;
using Dl4m.Generation;
using Dl4m.Families.Categorical;
using Dl4m.Generation.Sampling;
using Dl4m.Nn;
using Xunit;

namespace Dl4m.Tests.Families.Categorical;

public sealed class CategoricalGeneratorTests
{
    private static CategoricalGenerator NewGenerator(CategoricalEncoding? encoding = null, int seed = 7)
    {
        encoding ??= TinyCategoricalModel.Encoding();
        return new CategoricalGenerator(TinyCategoricalModel.NewModel(encoding, seed), encoding);
    }

    /// <summary>Eighth notes (6 steps) with a chord note every third, 4 steps long, bar positions in 4/4 counted along.</summary>
    private static CategoricalEvent[] Primer(int count)
    {
        var events = new CategoricalEvent[count];
        int onset = 0;
        for (int i = 0; i < count; i++)
        {
            int delta = i % 3 == 0 ? 0 : 6;
            onset += delta;
            events[i] = new CategoricalEvent(60 + 2 * (i % 4), 80, delta, 4, onset % 48);
        }
        return events;
    }

    [Fact]
    public void SameSeedGivesTheSameSongAndAnotherSeedAnotherOne()
    {
        using var generator = NewGenerator();
        var options = new GenerationOptions { Notes = 200, Seed = 42 };
        var a = generator.Generate(Primer(8), 0, options).Notes;
        Assert.Equal(a, generator.Generate(Primer(8), 0, options).Notes);
        Assert.NotEqual(a, generator.Generate(Primer(8), 0, options with { Seed = 43 }).Notes);
        Assert.NotEqual(a, generator.Generate(Primer(8), 1, options).Notes); // the label is an input
    }

    [Fact]
    public void GreedyIgnoresTheSeedAndRoundModeIsGreedy()
    {
        using var generator = NewGenerator();
        var greedy = generator.Generate(Primer(8), 1, new GenerationOptions { Notes = 100, Temperature = 0, Seed = 1 }).Notes;
        Assert.Equal(greedy, generator.Generate(Primer(8), 1, new GenerationOptions { Notes = 100, Temperature = 0, Seed = 2 }).Notes);
        Assert.Equal(greedy, generator.Generate(Primer(8), 1, new GenerationOptions { Notes = 100, Mode = GenerationMode.Round, Seed = 3 }).Notes);
        Assert.Equal(greedy, generator.Generate(Primer(8), 1, new GenerationOptions { Notes = 100, TopK = 1, Seed = 4 }).Notes);
    }

    [Fact]
    public void NotesLieOnTheBeatGridAtTheMetersTempoWithLearnedDurations()
    {
        var encoding = TinyCategoricalModel.Encoding();
        using var generator = NewGenerator(encoding);
        var meter = new SongMeter(90, 36); // 3/4 at 90 bpm
        var song = generator.Generate(Primer(8), 0, new GenerationOptions { Notes = 300, Seed = 5, Temperature = 2 }, meter);
        Assert.Equal(300, song.Notes.Count);
        Assert.Same(meter, song.Meter);
        double step = 60.0 / 90 / 12;
        static bool Whole(double x) => Math.Abs(x - Math.Round(x)) < 1e-9;
        // the first note sits at its bar position (the primer's last, 42 steps into a 4/4 bar, wrapped in 3/4, plus Δ)
        Assert.InRange(song.Notes[0].StartSeconds / step, 0, 35.5);
        var velocities = Enumerable.Range(0, encoding.VelocityBins).Select(encoding.VelocityOfBin).ToHashSet();
        Assert.All(song.Notes, n =>
        {
            Assert.Contains(n.Velocity, velocities);
            Assert.True(Whole(n.StartSeconds / step), $"onset {n.StartSeconds} s is not on the grid");
            Assert.Contains((int)Math.Round(n.DurationSeconds / step), encoding.Duration.Steps);
        });
        Assert.True(song.Notes.Select(n => n.DurationSeconds).Distinct().Count() > 1, "durations are drawn, not one fixed length");
        for (int i = 1; i < song.Notes.Count; i++) Assert.True(song.Notes[i].StartSeconds >= song.Notes[i - 1].StartSeconds);
        Assert.True(song.NoteLogProbability < 0);
        // a --duration rule replaces the learned lengths
        var fixedLength = generator.Generate(Primer(8), 0, new GenerationOptions { Notes = 50, Seed = 5, Duration = DurationRule.Parse("fixed:0.3") });
        Assert.All(fixedLength.Notes, n => Assert.Equal(0.3, n.DurationSeconds));
    }

    [Theory]
    [InlineData(NoteTarget.Pitch)]
    [InlineData(NoteTarget.Interval)]
    public void NotesStayInTheRangeForPitchAndIntervalHeads(NoteTarget notes)
    {
        var encoding = TinyCategoricalModel.Encoding() with { Notes = notes, IntervalRange = 5 };
        using var generator = NewGenerator(encoding);
        foreach (int beam in new[] { 0, 3 })
        {
            var song = generator.Generate(Primer(8), 0, new GenerationOptions { Notes = 200, Seed = 3, LowNote = 57, HighNote = 69, Temperature = 3, Beam = beam });
            Assert.All(song.Notes, n => Assert.InRange(n.Pitch, 57, 69));
        }
    }

    [Fact]
    public void IntervalHeadFarFromTheRangeWalksIntoItByTheLargestSteps()
    {
        var encoding = TinyCategoricalModel.Encoding() with { Notes = NoteTarget.Interval, IntervalRange = 5 };
        using var generator = NewGenerator(encoding);
        var primer = Primer(8); // ends on 66
        var song = generator.Generate(primer, 0, new GenerationOptions { Notes = 50, Seed = 3, LowNote = 40, HighNote = 52, Temperature = 3 });
        Assert.Equal([61, 56], song.Notes.Take(2).Select(n => n.Pitch));
        Assert.All(song.Notes.Skip(2), n => Assert.InRange(n.Pitch, 40, 52));
    }

    [Fact]
    public void IntervalHeadMovesFromThePreviousPitch()
    {
        var encoding = TinyCategoricalModel.Encoding() with { Notes = NoteTarget.Interval, IntervalRange = 3 };
        using var generator = NewGenerator(encoding);
        var primer = Primer(8);
        var song = generator.Generate(primer, 0, new GenerationOptions { Notes = 100, Seed = 9, Temperature = 2 });
        int previous = primer[^1].Pitch;
        foreach (var n in song.Notes)
        {
            Assert.InRange(n.Pitch - previous, -3, 3);
            previous = n.Pitch;
        }
    }

    [Fact]
    public void WindowModeIsStatefulWhileTheHistoryFitsTheLookbackAndDiffersAfter()
    {
        var encoding = TinyCategoricalModel.Encoding();
        var options = new GenerationOptions { Notes = 40, Seed = 8, TopP = 0.95 };
        using (var wide = new CategoricalGenerator(TinyCategoricalModel.NewModel(encoding), encoding, lookback: 64))
        {
            var stateful = wide.Generate(Primer(8), 0, options);
            var window = wide.Generate(Primer(8), 0, options with { Context = ContextMode.Window });
            Assert.Equal(stateful.Notes, window.Notes); // 8 + 40 events never leave a 64-event window
            Assert.Equal(stateful.NoteLogProbability!.Value, window.NoteLogProbability!.Value, 9);
        }
        using var narrow = new CategoricalGenerator(TinyCategoricalModel.NewModel(encoding), encoding, lookback: 4);
        var a = narrow.Generate(Primer(8), 0, options);
        var b = narrow.Generate(Primer(8), 0, options with { Context = ContextMode.Window });
        Assert.Equal(40, b.Notes.Count);
        Assert.NotEqual(a.Notes, b.Notes);
        Assert.Equal(b.Notes, narrow.Generate(Primer(8), 0, options with { Context = ContextMode.Window }).Notes);
    }

    [Fact]
    public void SecondsStopsBeforeTheGivenTime()
    {
        using var generator = NewGenerator();
        var song = generator.Generate(Primer(8), 0, new GenerationOptions { Seconds = 4, Seed = 1 });
        Assert.NotEmpty(song.Notes);
        Assert.All(song.Notes, n => Assert.True(n.StartSeconds < 4));
    }

    [Fact]
    public void BeamOneIsGreedyAndWiderBeamsScoreAtLeastAsHigh()
    {
        for (int modelSeed = 1; modelSeed <= 4; modelSeed++)
        {
            using var generator = NewGenerator(seed: modelSeed);
            var greedyOptions = new GenerationOptions { Notes = 40, Temperature = 0 };
            var greedy = generator.Generate(Primer(8), 0, greedyOptions);
            var beam1 = generator.Generate(Primer(8), 0, greedyOptions with { Beam = 1 });
            Assert.Equal(greedy.Notes, beam1.Notes);
            Assert.Equal(greedy.NoteLogProbability!.Value, beam1.NoteLogProbability!.Value, 6);
            foreach (int width in new[] { 2, 4, 8 })
            {
                var wide = generator.Generate(Primer(8), 0, greedyOptions with { Beam = width });
                Assert.Equal(40, wide.Notes.Count);
                Assert.True(wide.NoteLogProbability >= greedy.NoteLogProbability - 1e-6,
                    $"model {modelSeed}, beam {width}: {wide.NoteLogProbability} < greedy {greedy.NoteLogProbability}");
            }
        }
    }

    [Fact]
    public void BeamScoreIsTheLogProbabilityOfItsNotesUnderTheModel()
    {
        var encoding = TinyCategoricalModel.Encoding();
        using var generator = NewGenerator(encoding);
        var primer = Primer(8);
        var song = generator.Generate(primer, 1, new GenerationOptions { Notes = 30, Beam = 4, Temperature = 0 });
        // replay the written notes through a fresh state and add up ln p(note) of the pitch head
        var model = generator.Model;
        var state = model.CreateState();
        var input = new float[encoding.InputSize];
        var output = new float[encoding.OutputSize];
        foreach (var e in primer)
        {
            encoding.EncodeInput(e, 1, input);
            model.Step(state, input, output);
        }
        var delta = encoding.Groups[2];
        // the song starts at its first note's bar position, so that note's Δ is not in it: with temperature 0 it is
        // the delta head's arg-max; every note's bar position is its onset in steps (bars start at 0), in 4/4
        int firstDelta = encoding.Delta.StepsOf(ClassSampler.ArgMax(output.AsSpan(delta.Offset, delta.Width)));
        double step = song.Meter!.SecondsPerStep;
        int Steps(double seconds) => (int)Math.Round(seconds / step);
        double sum = 0;
        var logp = new double[CategoricalEncoding.Pitches];
        for (int i = 0; i < song.Notes.Count; i++)
        {
            ClassSampler.LogSoftmax(output.AsSpan(0, CategoricalEncoding.Pitches), logp);
            var n = song.Notes[i];
            sum += logp[n.Pitch];
            int dt = i == 0 ? firstDelta : Steps(n.StartSeconds) - Steps(song.Notes[i - 1].StartSeconds);
            encoding.EncodeInput(new CategoricalEvent(n.Pitch, n.Velocity, dt, Steps(n.DurationSeconds), Steps(n.StartSeconds) % 48), 1, input);
            model.Step(state, input, output);
        }
        Assert.Equal(sum, song.NoteLogProbability!.Value, 6);
    }

    [Fact]
    public void StateCopyContinuesExactlyLikeTheOriginal()
    {
        var encoding = TinyCategoricalModel.Encoding();
        using var model = TinyCategoricalModel.NewModel(encoding);
        var a = model.CreateState();
        var input = new float[encoding.InputSize];
        var outA = new float[encoding.OutputSize];
        var outB = new float[encoding.OutputSize];
        foreach (var e in Primer(5)) { encoding.EncodeInput(e, 0, input); model.Step(a, input, outA); }
        var b = model.CreateState();
        b.CopyFrom(a);
        encoding.EncodeInput(new CategoricalEvent(67, 90, 6, 6, 12), 0, input);
        model.Step(a, input, outA);
        model.Step(b, input, outB);
        Assert.Equal(outA, outB);
        using var other = TinyCategoricalModel.NewModel(encoding);
        Assert.Throws<ArgumentException>(() => other.CreateState().CopyFrom(a));
    }

    [Fact]
    public void BadOptionsAndMismatchedModelsAreClearErrors()
    {
        using var generator = NewGenerator();
        Assert.Contains("label", Assert.Throws<Dl4mException>(() => generator.Generate(Primer(4), 2, new GenerationOptions())).Message);
        Assert.Contains("GenerationOptions.Context window", Assert.Throws<Dl4mException>(() => generator.Generate(Primer(4), 0, new GenerationOptions { Context = ContextMode.Window, Beam = 2 })).Message);
        Assert.Contains("GenerationOptions.Beam", Assert.Throws<Dl4mException>(() => generator.Generate(Primer(4), 0, new GenerationOptions { Beam = 2, Seconds = 3 })).Message);
        Assert.Contains("GenerationOptions.TopP", Assert.Throws<Dl4mException>(() => generator.Generate(Primer(4), 0, new GenerationOptions { TopP = 1.5 })).Message);
        Assert.Contains("GenerationOptions.Beam", Assert.Throws<Dl4mException>(() => generator.Generate(Primer(4), 0, new GenerationOptions { Beam = 65 })).Message);
        Assert.Contains("primer", Assert.Throws<Dl4mException>(() => generator.Generate([], 0, new GenerationOptions())).Message);
        var encoding = TinyCategoricalModel.Encoding();
        var wrong = TinyCategoricalModel.NewModel(encoding with { Labels = ["one"] });
        var e = Assert.Throws<Dl4mException>(() => new CategoricalGenerator(wrong, encoding));
        Assert.Contains("encoding.json", e.Message);
        wrong.Dispose();
    }
}
