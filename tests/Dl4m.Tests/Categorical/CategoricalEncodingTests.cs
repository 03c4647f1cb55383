using Dl4m.Categorical;

namespace Dl4m.Tests.Categorical;

public class CategoricalEncodingTests
{
    private static CategoricalEncoding Encoding(NoteTarget notes = NoteTarget.Pitch, HeadKind velocity = HeadKind.Classes, HeadKind timing = HeadKind.Classes) => new()
    {
        Notes = notes,
        Velocity = velocity,
        Timing = timing,
        Delta = BeatGrid.Delta,
        Duration = BeatGrid.Duration,
        Labels = ["chords", "melody"],
        Scaling = new RegressionScaling(80, 10, -1.5, 0.5, -1, 0.7),
    };

    [Fact]
    public void LayoutOfTheDefaultEncoding()
    {
        var e = Encoding();
        Assert.Equal(40, e.Delta.Count);
        Assert.Equal(40, e.Duration.Count);
        Assert.Equal(128 + 16 + 40 + 40 + 96 + 2, e.InputSize);
        Assert.Equal(224, e.OutputSize); // 14 vectors of 16 floats
        Assert.Equal(["note", "velocity", "delta", "duration"], e.Groups.Select(g => g.Name));
        Assert.Equal([0, 128, 144, 184], e.Groups.Select(g => g.Offset));
        var regression = Encoding(NoteTarget.Interval, HeadKind.Regression, HeadKind.Regression);
        Assert.Equal(73 + 3, regression.OutputSize);
        Assert.All(regression.Groups.Skip(1), g => Assert.Equal(1, g.Width));
    }

    [Fact]
    public void GridHoldsStraightAndTripletValues()
    {
        Assert.Equal(4, BeatGrid.Quantize(1.0 / 3));   // eighth triplet
        Assert.Equal(2, BeatGrid.Quantize(1.0 / 6));   // sixteenth triplet
        Assert.Equal(3, BeatGrid.Quantize(0.25));      // sixteenth
        Assert.Equal(3, BeatGrid.Quantize(0.26));      // a late sixteenth snaps back
        Assert.Equal(6, BeatGrid.Quantize(0.5));
        Assert.Equal(8, BeatGrid.Quantize(2.0 / 3));   // quarter triplet
        Assert.Equal(0, BeatGrid.Quantize(-1));
        Assert.Equal(0, BeatGrid.Quantize(double.NaN));
        var delta = BeatGrid.Delta;
        Assert.Equal(0, delta.Class(0));               // chord
        Assert.Equal(4, delta.StepsOf(delta.Class(4)));
        Assert.Equal(24, delta.StepsOf(delta.Class(24)));
        Assert.Equal(27, delta.StepsOf(delta.Class(26))); // 2⅙ beats → 2¼
        Assert.Equal(28, delta.StepsOf(delta.Class(28))); // 2⅓ beats (a triplet after a half note)
        Assert.Equal(24, delta.StepsOf(delta.Class(25))); // 2 1/12: nearer 2 than 2¼
        Assert.Equal(36, delta.StepsOf(delta.Class(39))); // 3¼ beats: as near 3 as 3½ → the shorter
        Assert.Equal(192, delta.StepsOf(delta.Class(10_000)));
        Assert.Equal(1, BeatGrid.Duration.StepsOf(BeatGrid.Duration.Class(0))); // a note lasts at least a step
        for (int c = 0; c < delta.Count; c++) Assert.Equal(c, delta.Class(delta.StepsOf(c)));
    }

    [Fact]
    public void InputRowIsOneHotPerPart()
    {
        var e = Encoding();
        var row = new float[e.InputSize];
        row.AsSpan().Fill(7f); // cleared by the encoder
        e.EncodeInput(new CategoricalEvent(60, 100, 0, 6, BarStep: 30), label: 1, row);
        Assert.Equal(6, row.Count(v => v == 1f));
        Assert.Equal(6, row.Sum());
        Assert.Equal(1f, row[60]);
        Assert.Equal(1f, row[128 + e.VelocityBin(100)]);
        Assert.Equal(1f, row[144]); // Δt 0 → class 0
        Assert.Equal(1f, row[184 + e.Duration.Class(6)]);
        Assert.Equal(1f, row[224 + 30]); // bar position
        Assert.Equal(1f, row[^1]);
        e.EncodeInput(new CategoricalEvent(60, 100, 0, 6, BarStep: 500), label: -1, row);
        Assert.Equal(1f, row[224 + 95]); // beyond 8 beats: the last position
    }

    [Fact]
    public void TargetsAndDecodeRoundTrip()
    {
        var e = Encoding(NoteTarget.Interval);
        var target = new float[CategoricalEncoding.TargetWidth];
        var ev = new CategoricalEvent(67, 90, 4, 8);
        e.EncodeTarget(ev, previousPitch: 60, target);
        Assert.Equal(36 + 7, target[0]);
        var back = e.Decode((int)target[0], 60, target[1], target[2], target[3]);
        Assert.Equal(67, back.Pitch);
        Assert.Equal(e.VelocityBin(90), e.VelocityBin(back.Velocity));
        Assert.Equal(4, back.DeltaSteps);
        Assert.Equal(8, back.DurationSteps);
        Assert.Equal(72, e.NoteClass(200, 0)); // clamped leap
        Assert.Equal(127, e.PitchOfClass(72, 120));
    }

    [Fact]
    public void RegressionHeadsUseZScoresOfTheLogBeats()
    {
        var e = Encoding(velocity: HeadKind.Regression, timing: HeadKind.Regression);
        var target = new float[4];
        e.EncodeTarget(new CategoricalEvent(60, 90, 6, 12), 60, target);
        Assert.Equal(1f, target[1], 5);
        Assert.Equal((Math.Log(0.5 + 1.0 / 48) + 1.5) / 0.5, target[2], 5);
        var back = e.Decode(60, 60, target[1], target[2], target[3]);
        Assert.Equal(90, back.Velocity);
        Assert.Equal(6, back.DeltaSteps);    // back on the grid exactly
        Assert.Equal(12, back.DurationSteps);
        var tiny = e.Decode(60, 60, 0, -50, -50);
        Assert.Equal(0, tiny.DeltaSteps);
        Assert.Equal(1, tiny.DurationSteps); // at least a step
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
        Assert.Equal(e.Delta.Steps, back.Delta.Steps);
        Assert.Equal(e.BarPositions, back.BarPositions);
        Assert.Contains("\"time_unit\": \"beats\"", json);
        Assert.Equal(e.Scaling, back.Scaling);
        var broken = Assert.Throws<Dl4mException>(() => CategoricalEncodingJson.Deserialize("{\"notes\": \"pitch\"}", "m/encoding.json"));
        Assert.StartsWith("m/encoding.json: ", broken.Message);
        var badBins = json.Replace("\"velocity_bins\": 16", "\"velocity_bins\": 1");
        Assert.Contains("velocity bins", Assert.Throws<Dl4mException>(() => CategoricalEncodingJson.Deserialize(badBins)).Message);
    }

    [Fact]
    public void EncodingOfTheSecondsBasedModelIsRefusedWithOneLine()
    {
        const string older = """
            { "notes": "pitch", "velocity_bins": 16, "delta": { "edges": [0.02, 0.04], "values": [0, 0.03, 0.05] },
              "duration": { "edges": [0.02, 0.04], "values": [0, 0.03, 0.05] }, "labels": [] }
            """;
        var error = Assert.Throws<Dl4mException>(() => CategoricalEncodingJson.Deserialize(older, "m/encoding.json"));
        Assert.Equal("m/encoding.json: trained by an older dl4m (time in seconds): train it again", error.Message);
    }
}
