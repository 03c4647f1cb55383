using Dl4m.Music;
using Xunit;

namespace Dl4m.Tests.Music;

public sealed class MusicalKeyTests
{
    [Theory]
    [InlineData("D major", 2, false)]
    [InlineData("B minor", 11, true)]
    [InlineData("  f# MINOR ", 6, true)]
    [InlineData("Bb major", 10, false)]
    [InlineData("Eb minor", 3, true)]
    [InlineData("Cb major", 11, false)]
    public void ParsesTonicAndMode(string text, int tonic, bool minor) => Assert.Equal(new MusicalKey(tonic, minor), MusicalKey.Parse(text));

    [Theory]
    [InlineData("H major")]
    [InlineData("D dorian")]
    [InlineData("")]
    [InlineData("Bb")]
    public void OtherTextIsAnErrorNamingTheOption(string text) =>
        Assert.Contains("GenerationRequest.Key", Assert.Throws<Dl4mException>(() => MusicalKey.Parse(text)).Message);

    [Fact]
    public void NamesAndRelativeKeys()
    {
        Assert.Equal("D major", MusicalKey.Parse("d MAJOR").ToString());
        Assert.Equal(MusicalKey.AMinor, MusicalKey.CMajor.Relative);
        Assert.Equal(MusicalKey.CMajor, MusicalKey.AMinor.Relative);
        Assert.Equal("B minor", new MusicalKey(2, false).Relative.ToString());
    }

    [Theory]
    [InlineData("C major", "D major", 2)]
    [InlineData("C major", "B minor", 2)]   // B minor's relative is D major
    [InlineData("A minor", "E major", 4)]   // E major's relative is C# minor
    [InlineData("C major", "G major", -5)]  // the nearer way down
    [InlineData("G major", "C major", 5)]
    [InlineData("C major", "F# major", -6)]
    public void ShiftGoesTheNearestWayAndKeepsTheMode(string from, string to, int semitones) =>
        Assert.Equal(semitones, SongKey.ShiftBetween(MusicalKey.Parse(from), MusicalKey.Parse(to)));

    private static List<Note> Scale(int tonic, int[] steps) =>
        [.. Enumerable.Range(0, 32).Select(i => new Note(tonic + steps[i % steps.Length], 80, i * 0.5, i % 8 == 0 ? 1.0 : 0.5))];

    [Fact]
    public void TransposeMovesAMajorTuneToTheRequestedKeyOrItsRelative()
    {
        var cMajor = Scale(60, [0, 4, 7, 12, 7, 4, 2, 5, 9, 11]);
        Assert.Equal(MusicalKey.CMajor, SongKey.Estimate(cMajor));
        var (notes, key) = SongKey.Transpose(cMajor, MusicalKey.Parse("D major"));
        Assert.Equal(2, key.Semitones);
        Assert.Equal(MusicalKey.Parse("D major"), key.Result);
        Assert.Equal(MusicalKey.Parse("D major"), SongKey.Estimate(notes));
        Assert.Equal(cMajor.Select(n => n.Pitch + 2), notes.Select(n => n.Pitch));
        (notes, key) = SongKey.Transpose(cMajor, MusicalKey.Parse("B minor"));
        Assert.Equal(MusicalKey.Parse("D major"), key.Result);
        Assert.Equal(MusicalKey.Parse("D major"), SongKey.Estimate(notes));
    }

    [Fact]
    public void TransposeStaysOnTheKeyboardAndSaysWhenThereIsNoEstimate()
    {
        var high = Scale(120, [0, 4, 7, 2, 5]); // C major at the very top: +5 would leave the keyboard, −7 does not
        var (notes, key) = SongKey.Transpose(high, MusicalKey.Parse("F major"));
        Assert.Equal(-7, key.Semitones);
        Assert.All(notes, n => Assert.InRange(n.Pitch, 0, 127));
        var chromatic = Enumerable.Range(60, 12).Select(p => new Note(p, 80, p - 60, 1)).ToList(); // flat weights: no key
        (notes, key) = SongKey.Transpose(chromatic, MusicalKey.Parse("D major"));
        Assert.Null(key.Estimated);
        Assert.Null(key.Result);
        Assert.Equal(0, key.Semitones);
        Assert.Equal(chromatic, notes);
    }
}
