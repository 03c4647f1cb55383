using Dl4m.Categorical;

namespace Dl4m.Tests.Categorical;

public class CategoricalEncodingTests
{
    private static CategoricalEncoding Encoding(NoteTarget notes = NoteTarget.Pitch, HeadKind velocity = HeadKind.Classes, HeadKind timing = HeadKind.Classes) => new()
    {
        Notes = notes,
        Velocity = velocity,
        Timing = timing,
        Delta = TimeBins.LogSpaced(32, 0.02, 4.0),
        Duration = TimeBins.LogSpaced(32, 0.02, 4.0),
        Labels = ["chords", "melody"],
        Scaling = new RegressionScaling(80, 10, -1.5, 0.5, -1, 0.7),
    };

    [Fact]
    public void LayoutOfTheDefaultEncoding()
    {
        var e = Encoding();
        Assert.Equal(128 + 16 + 32 + 32 + 2, e.InputSize);
        Assert.Equal(128 + 16 + 32 + 32, e.OutputSize);
        Assert.Equal(["note", "velocity", "delta", "duration"], e.Groups.Select(g => g.Name));
        Assert.Equal([0, 128, 144, 176], e.Groups.Select(g => g.Offset));
        var regression = Encoding(NoteTarget.Interval, HeadKind.Regression, HeadKind.Regression);
        Assert.Equal(73 + 3, regression.OutputSize);
        Assert.All(regression.Groups.Skip(1), g => Assert.Equal(1, g.Width));
    }

    [Fact]
    public void TimeBinsPutZeroAloneAndAreLogSpaced()
    {
        var bins = TimeBins.LogSpaced(32, 0.02, 4.0);
        Assert.Equal(0, bins.Bin(0f));
        Assert.Equal(0, bins.Bin(0.019f));
        Assert.Equal(1, bins.Bin(0.02f));
        Assert.Equal(31, bins.Bin(100f));
        Assert.Equal(0, bins.Bin(float.NaN));
        for (int i = 1; i < bins.Count; i++) Assert.Equal(i, bins.Bin(bins.Values[i]));
        var medians = bins.WithMedians([0.25f, 0.25f, 0.26f, 0.5f]);
        Assert.Equal(0.25f, medians.Values[bins.Bin(0.25f)]);
        Assert.Equal(0.5f, medians.Values[bins.Bin(0.5f)]);
        Assert.Equal(bins.Values[5], medians.Values[5]); // untouched bins keep their centre
    }

    [Fact]
    public void InputRowIsOneHotPerPart()
    {
        var e = Encoding();
        var row = new float[e.InputSize];
        row.AsSpan().Fill(7f); // cleared by the encoder
        e.EncodeInput(new CategoricalEvent(60, 100, 0f, 0.5f), label: 1, row);
        Assert.Equal(5, row.Count(v => v == 1f));
        Assert.Equal(5, row.Sum());
        Assert.Equal(1f, row[60]);
        Assert.Equal(1f, row[128 + e.VelocityBin(100)]);
        Assert.Equal(1f, row[144]); // Δt 0 → bin 0
        Assert.Equal(1f, row[176 + e.Duration.Bin(0.5f)]);
        Assert.Equal(1f, row[^1]);
    }

    [Fact]
    public void TargetsAndDecodeRoundTrip()
    {
        var e = Encoding(NoteTarget.Interval);
        var target = new float[CategoricalEncoding.TargetWidth];
        var ev = new CategoricalEvent(67, 90, 0.25f, 0.5f);
        e.EncodeTarget(ev, previousPitch: 60, target);
        Assert.Equal(36 + 7, target[0]);
        var back = e.Decode((int)target[0], 60, target[1], target[2], target[3]);
        Assert.Equal(67, back.Pitch);
        Assert.Equal(e.VelocityBin(90), e.VelocityBin(back.Velocity));
        Assert.Equal(e.Delta.Bin(0.25f), e.Delta.Bin(back.DeltaSeconds));
        Assert.Equal(e.Duration.Bin(0.5f), e.Duration.Bin(back.DurationSeconds));
        Assert.Equal(72, e.NoteClass(200, 0)); // clamped leap
        Assert.Equal(127, e.PitchOfClass(72, 120));
    }

    [Fact]
    public void RegressionHeadsUseZScoresOfTheLogTime()
    {
        var e = Encoding(velocity: HeadKind.Regression, timing: HeadKind.Regression);
        var target = new float[4];
        e.EncodeTarget(new CategoricalEvent(60, 90, 0.5f, 1f), 60, target);
        Assert.Equal(1f, target[1], 5);
        Assert.Equal((Math.Log(0.51) + 1.5) / 0.5, target[2], 5);
        var back = e.Decode(60, 60, target[1], target[2], target[3]);
        Assert.Equal(90, back.Velocity);
        Assert.Equal(0.5f, back.DeltaSeconds, 4);
        Assert.Equal(1f, back.DurationSeconds, 4);
    }

    [Fact]
    public void VelocityBinsCoverTheRange()
    {
        var e = Encoding();
        Assert.Equal(0, e.VelocityBin(1));
        Assert.Equal(15, e.VelocityBin(127));
        for (int b = 0; b < e.VelocityBins; b++) Assert.Equal(b, e.VelocityBin(e.VelocityOfBin(b)));
    }

    [Fact]
    public void JsonRoundTripsAndRejectsDamage()
    {
        var e = Encoding(NoteTarget.Interval, HeadKind.Regression);
        string json = CategoricalEncodingJson.Serialize(e);
        Assert.Contains("\"notes\": \"interval\"", json);
        var back = CategoricalEncodingJson.Deserialize(json);
        Assert.Equal(e.InputSize, back.InputSize);
        Assert.Equal(e.Labels, back.Labels);
        Assert.Equal(e.Delta.Values, back.Delta.Values);
        Assert.Equal(e.Scaling, back.Scaling);
        var broken = Assert.Throws<Dl4mException>(() => CategoricalEncodingJson.Deserialize("{\"notes\": \"pitch\"}", "m/encoding.json"));
        Assert.StartsWith("m/encoding.json: ", broken.Message);
        var badBins = json.Replace("\"velocity_bins\": 16", "\"velocity_bins\": 1");
        Assert.Contains("velocity bins", Assert.Throws<Dl4mException>(() => CategoricalEncodingJson.Deserialize(badBins)).Message);
    }
}
