using Dl4m.Data;
using Dl4m.Families.Original;
using Dl4m.Generation;
using Dl4m.Nn;
using Dl4m.Training;
using Xunit;

namespace Dl4m.Tests.Families.Original;

public sealed class OriginalGeneratorTests
{
    private const int Lookback = 8;
    private static readonly FeatureScaling Scaling = new(60, 6, 80, 12, 0.3, 0.2);

    private static OriginalGenerator NewGenerator(int seed = 3) =>
        new(Model.Create(new OriginalOptions { Hidden = [8], Dense = [] }.ModelConfig(), seed), Scaling, Lookback);

    private static EventRecord[] Primer(int count) =>
        Enumerable.Range(0, count).Select(i => new EventRecord { Note = 60 + i % 5, Velocity = 80, DeltaSeconds = 0.25f, DurationSeconds = 0.2f }).ToArray();

    [Fact]
    public void SameSeedGivesTheSameSongAndAnotherSeedAnotherOne()
    {
        using var generator = NewGenerator();
        var options = new GenerationOptions { Notes = 200, Seed = 42, Temperature = 0.5 };
        var a = generator.Generate(Primer(Lookback), options).Notes;
        var b = generator.Generate(Primer(Lookback), options).Notes;
        var c = generator.Generate(Primer(Lookback), options with { Seed = 43 }).Notes;
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void RoundModeIsDeterministicWhateverTheSeedAndEqualsTemperatureZero()
    {
        using var generator = NewGenerator();
        var round = generator.Generate(Primer(Lookback), new GenerationOptions { Notes = 100, Mode = GenerationMode.Round, Seed = 1 }).Notes;
        var otherSeed = generator.Generate(Primer(Lookback), new GenerationOptions { Notes = 100, Mode = GenerationMode.Round, Seed = 99 }).Notes;
        var coldSample = generator.Generate(Primer(Lookback), new GenerationOptions { Notes = 100, Temperature = 0, Seed = 5 }).Notes;
        Assert.Equal(round, otherSeed);
        Assert.Equal(round, coldSample);
    }

    [Theory]
    [InlineData(GenerationMode.Sample, ContextMode.Stateful)]
    [InlineData(GenerationMode.Round, ContextMode.Window)]
    public void NotesStayInRangeVelocitiesValidAndTimeNeverGoesBack(GenerationMode mode, ContextMode context)
    {
        using var generator = NewGenerator();
        var song = generator.Generate(Primer(Lookback), new GenerationOptions { Notes = 300, Mode = mode, Context = context, LowNote = 62, HighNote = 65, Temperature = 2 });
        Assert.Equal(300, song.Notes.Count);
        Assert.All(song.Notes, n =>
        {
            Assert.InRange(n.Pitch, 62, 65);
            Assert.InRange(n.Velocity, 1, 127);
            Assert.True(n.DurationSeconds > 0);
        });
        for (int i = 1; i < song.Notes.Count; i++) Assert.True(song.Notes[i].StartSeconds >= song.Notes[i - 1].StartSeconds);
    }

    [Fact]
    public void ShortPrimerIsPaddedWithItsFirstEventAndEmptyPrimerIsRefused()
    {
        using var generator = NewGenerator();
        var song = generator.Generate(Primer(3), new GenerationOptions { Notes = 10 });
        Assert.Equal(3, song.PrimerEvents);
        Assert.Equal(Lookback - 3, song.PaddedEvents);
        Assert.Equal(10, song.Notes.Count);
        var e = Assert.Throws<Dl4mException>(() => generator.Generate([], new GenerationOptions()));
        Assert.Contains("primer", e.Message);
    }

    [Fact]
    public void SecondsLimitStopsBeforeTheGivenTime()
    {
        using var generator = NewGenerator();
        var song = generator.Generate(Primer(Lookback), new GenerationOptions { Seconds = 5, Mode = GenerationMode.Round });
        Assert.NotEmpty(song.Notes);
        Assert.All(song.Notes, n => Assert.True(n.StartSeconds < 5));
    }

    [Fact]
    public void FixedDurationGivesEveryNoteThatLength()
    {
        using var generator = NewGenerator();
        var song = generator.Generate(Primer(Lookback), new GenerationOptions { Notes = 20, Duration = DurationRule.Parse("fixed:0.3") });
        Assert.All(song.Notes, n => Assert.Equal(0.3, n.DurationSeconds, 9));
    }

    [Theory]
    [InlineData(0, 0, 127, 0.1)]
    [InlineData(10, 70, 60, 0.1)]
    [InlineData(10, 0, 128, 0.1)]
    [InlineData(10, 0, 127, -1)]
    public void OutOfRangeOptionsAreRefused(int notes, int low, int high, double temperature)
    {
        using var generator = NewGenerator();
        var options = new GenerationOptions { Notes = notes, LowNote = low, HighNote = high, Temperature = temperature };
        Assert.Throws<Dl4mException>(() => generator.Generate(Primer(Lookback), options));
    }

    [Theory]
    [InlineData("fixed:0")]
    [InlineData("fixed:x")]
    [InlineData("staccato")]
    public void BadDurationRulesAreRefused(string text) => Assert.Throws<Dl4mException>(() => DurationRule.Parse(text));
}
