using Dl4m.Categorical;
using Dl4m.Training.Losses;
using Xunit.Abstractions;

namespace Dl4m.Tests.Training;

public class MusicalSmoothingTests(ITestOutputHelper log)
{
    [Fact]
    public void Zero_smoothing_is_one_hot()
    {
        var table = MusicalSmoothing.Table(CategoricalTestEncodings.Small(), 0, MusicalSmoothing.DefaultTemperature);
        for (int c = 0; c < 7; c++)
            for (int n = 0; n < 7; n++)
                Assert.Equal(c == n ? 1f : 0f, table[c * 7 + n]);
    }

    [Fact]
    public void Rows_are_distributions_with_one_minus_epsilon_on_the_true_class()
    {
        var encoding = CategoricalTestEncodings.Default();
        var table = MusicalSmoothing.Table(encoding, 0.1, MusicalSmoothing.DefaultTemperature);
        for (int c = 0; c < 128; c++)
        {
            var row = table.AsSpan(c * 128, 128);
            Assert.Equal(0.9f, row[c]);
            double sum = 0;
            foreach (float v in row) { Assert.True(v >= 0); sum += v; }
            Assert.Equal(1.0, sum, 1e-5);
        }
    }

    /// <summary>
    /// The default τ puts the smoothed mass on consonant neighbours: for c = 60 nearly all of it lands on pitch
    /// classes 0, 4, 7 semitones from c (octaves, fifths/fourths, major thirds/minor sixths), most within an octave,
    /// the octave below the largest share, and ±1 semitone almost nothing.
    /// </summary>
    [Fact]
    public void Default_temperature_prefers_consonant_neighbours()
    {
        var w = MusicalSmoothing.Weights(128, 60, MusicalSmoothing.DefaultTemperature);
        double consonant = 0, withinOctave = 0;
        for (int n = 0; n < 128; n++)
        {
            int d = n - 60, pitchClass = ((d % 12) + 12) % 12;
            if (pitchClass is 0 or 4 or 7) consonant += w[n];
            if (Math.Abs(d) <= 12) withinOctave += w[n];
        }
        string top = string.Join("  ", Enumerable.Range(0, 128).OrderByDescending(n => w[n]).Take(10).Select(n => $"{n - 60:+0;-0}:{w[n]:P1}"));
        log.WriteLine($"c = 60, τ = {MusicalSmoothing.DefaultTemperature}: {top}; consonant {consonant:P1}, within ±12 {withinOctave:P1}, ±1 {w[59] + w[61]:P2}");
        Assert.True(consonant > 0.98, $"consonant share {consonant:P1}");
        Assert.True(withinOctave > 0.75, $"within-octave share {withinOctave:P1}");
        Assert.True(w[59] + w[61] < 0.005);
        Assert.Equal(48, Array.IndexOf(w, w.Max()));
        Assert.True(w[67] > w[61] * 20 && w[64] > w[61] * 20); // fifth and major third well above a semitone
        Assert.Equal(0, w[60]);
    }

    [Fact]
    public void Interval_classes_use_the_same_semitone_costs()
    {
        var encoding = CategoricalTestEncodings.Default() with { Notes = NoteTarget.Interval, IntervalRange = 36 };
        var table = MusicalSmoothing.Table(encoding, 0.2, 0.07);
        var pitch = MusicalSmoothing.Table(CategoricalTestEncodings.Default(), 0.2, 0.07);
        // Relative weights depend only on the difference: ratios agree between the interval row of class 36 (interval 0) and pitch row 60.
        for (int d = -12; d <= 12; d++)
            if (d != 0 && d != 7)
                Assert.Equal(pitch[60 * 128 + 60 + d] / pitch[60 * 128 + 67], table[36 * 73 + 36 + d] / table[36 * 73 + 43], 3);
    }
}
