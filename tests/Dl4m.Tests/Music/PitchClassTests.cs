using Dl4m.Music;

namespace Dl4m.Tests.Music;

public sealed class PitchClassTests
{
    [Theory]
    [InlineData(60, 0)]
    [InlineData(61, 1)]
    [InlineData(71, 11)]
    [InlineData(127, 7)]
    [InlineData(-1, 11)]
    public void Pitch_class_is_the_pitch_without_its_octave(int pitch, int pitchClass) => Assert.Equal(pitchClass, PitchClass.Of(pitch));

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(0, 5, 5)]
    [InlineData(0, 6, -6)] // a tritone goes down: the range is −6…+5
    [InlineData(0, 7, -5)]
    [InlineData(11, 0, 1)]
    [InlineData(2, 0, -2)]
    public void Nearest_shift_stays_within_minus6_plus5(int from, int to, int semitones) =>
        Assert.Equal(semitones, PitchClass.NearestShift(from, to));

    [Fact]
    public void Names_parse_back_with_sharps_and_flats()
    {
        for (int pc = 0; pc < 12; pc++) Assert.Equal(pc, PitchClass.Parse(PitchClass.Name(pc)));
        Assert.Equal(1, PitchClass.Parse("Db"));
        Assert.Equal(11, PitchClass.Parse("Cb"));
        Assert.Equal(0, PitchClass.Parse("b#"));
        foreach (string bad in new[] { "", "H", "C##", "Cx", "c-" }) Assert.Null(PitchClass.Parse(bad));
    }

    [Fact]
    public void Key_names_parse_back_to_their_estimator_index()
    {
        for (int key = 0; key < 24; key++) Assert.Equal(key, MusicalKey.Parse(KeyEstimator.Name(key)).EstimatorIndex);
        Assert.Equal(2, MusicalKey.Parse("D major").EstimatorIndex);
        Assert.Equal(12 + 11, MusicalKey.Parse(" b  MINOR ").EstimatorIndex);
        Assert.Equal(6, MusicalKey.Parse("Gb major").EstimatorIndex);
        Assert.Equal(12 + 1, MusicalKey.Parse("C# minor").EstimatorIndex);
        Assert.Equal(12 + 11, MusicalKey.Parse("Cb minor").EstimatorIndex);
        foreach (string bad in new[] { "D", "H major", "D dorian", "D## major", "", "Dx minor" })
            Assert.Contains("GenerationRequest.Key", Assert.Throws<Dl4mException>(() => MusicalKey.Parse(bad)).Message);
    }
}
