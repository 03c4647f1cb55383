using System.Text.Json;
using Dl4m.Categorical;

namespace Dl4m.Tests.Categorical;

/// <summary>encoding.json is read by hand (not by the reflection serialiser that writes it): every key, the defaults of absent ones, one-line errors.</summary>
public class CategoricalEncodingJsonTests
{
    private static readonly CategoricalEncoding Defaults = new() { Delta = BeatGrid.Delta, Duration = BeatGrid.Duration };

    /// <summary>Every property away from its default (time_unit and steps_per_beat have one valid value each).</summary>
    private static readonly CategoricalEncoding Changed = new()
    {
        Notes = NoteTarget.Interval,
        IntervalRange = 24,
        VelocityBins = 8,
        Velocity = HeadKind.Regression,
        Timing = HeadKind.Regression,
        Delta = BeatGrid.Delta.First(10),
        Duration = BeatGrid.Duration.First(12),
        BarPositions = 48,
        MedianBpm = 97.5,
        Scaling = new RegressionScaling(80, 10, -1.5, 0.5, -1, 0.7),
        Labels = ["chords", "melody"],
        NormalizeKey = true,
        LookbackBars = [1, 2],
        LookbackVersion = CategoricalEncoding.EventLookback,
    };

    [Fact]
    public void Every_key_the_serialiser_writes_is_read_back()
    {
        // guards the test itself: a property added to CategoricalEncoding later must be changed here too, so the round
        // trip below proves the reader knows it
        using var changed = JsonDocument.Parse(CategoricalEncodingJson.Serialize(Changed));
        using var defaults = JsonDocument.Parse(CategoricalEncodingJson.Serialize(Defaults));
        foreach (var property in defaults.RootElement.EnumerateObject())
        {
            if (property.Name is "time_unit" or "steps_per_beat") continue;
            Assert.NotEqual(property.Value.GetRawText(), changed.RootElement.GetProperty(property.Name).GetRawText());
        }

        string json = CategoricalEncodingJson.Serialize(Changed);
        Assert.Equal(json, CategoricalEncodingJson.Serialize(CategoricalEncodingJson.Deserialize(json)));
    }

    [Fact]
    public void Lookback_bars_without_a_version_are_the_pitch_suggestions_of_version_1()
    {
        // encoding.json as written before lookback version 2: 128-wide pitch blocks, no copy layer
        var node = System.Text.Json.Nodes.JsonNode.Parse(CategoricalEncodingJson.Serialize(Defaults with { LookbackBars = [1, 2, 4, 8] }))!.AsObject();
        node.Remove("lookback_version");
        string json = node.ToJsonString();
        Assert.DoesNotContain("lookback_version", json);
        var e = CategoricalEncodingJson.Deserialize(json);
        Assert.Equal(CategoricalEncoding.PitchLookback, e.LookbackVersion);
        Assert.Equal(128, e.LookbackBlockWidth);
        Assert.False(e.HasCopyLayer);
        Assert.Equal(128 + 16 + 40 + 40 + 96 + 4 * 128, e.InputSize);
        var v2 = CategoricalEncodingJson.Deserialize(json.Replace("\"lookback_bars\"", "\"lookback_version\": 2, \"lookback_bars\""));
        Assert.True(v2.HasCopyLayer);
        Assert.Equal(128 + 16 + 40 + 40 + 96 + 4 * 224, v2.InputSize);
        var v3 = CategoricalEncodingJson.Deserialize(json.Replace("\"lookback_bars\"", "\"lookback_version\": 3, \"lookback_bars\""));
        Assert.True(v3.HasCopyLayer);
        // match flags (16 patterns per entry) where version 2's blocks were; the suggestions as 4 class indices per entry at the end
        Assert.Equal(128 + 16 + 40 + 40 + 96 + 4 * 16 + 4 * 4, v3.InputSize);
        Assert.Equal(v3.InputSize - 4 * 4, v3.NetworkInputSize);
        Assert.Equal(v3.NetworkInputSize, v3.LookbackOffset);
        var error = Assert.Throws<Dl4mException>(() => CategoricalEncodingJson.Deserialize(json.Replace("\"lookback_bars\"", "\"lookback_version\": 4, \"lookback_bars\"")));
        Assert.Contains("lookback version must be 1, 2 or 3", error.Message);
    }

    [Fact]
    public void An_older_file_without_the_newer_keys_reads_with_their_defaults()
    {
        // the shape of encoding.json before bar positions, the corpus tempo, the scaling block and the lookback inputs
        const string older = """
            { "time_unit": "beats", "steps_per_beat": 12, "notes": "pitch", "interval_range": 36, "velocity_bins": 16,
              "velocity": "classes", "timing": "classes",
              "delta": { "steps": [0, 1, 2, 3] }, "duration": { "steps": [1, 2, 3] }, "labels": ["a"], "normalize_key": false }
            """;
        var e = CategoricalEncodingJson.Deserialize(older);
        Assert.Empty(e.LookbackBars);
        Assert.Equal(CategoricalEncoding.PitchLookback, e.LookbackVersion);
        Assert.Equal(CategoricalEncoding.DefaultBarPositions, e.BarPositions);
        Assert.Equal(120, e.MedianBpm);
        Assert.Equal(RegressionScaling.Identity, e.Scaling);
        Assert.Equal(["a"], e.Labels);
        Assert.Equal([0, 1, 2, 3], e.Delta.Steps);

        // the fewest keys a file can have: everything else is the record's own default
        var fewest = CategoricalEncodingJson.Deserialize("""{"delta": {"steps": [0, 1]}, "duration": {"steps": [1, 2]}}""");
        Assert.Equal(
            CategoricalEncodingJson.Serialize(Defaults with { Delta = fewest.Delta, Duration = fewest.Duration }),
            CategoricalEncodingJson.Serialize(fewest));
    }

    [Fact]
    public void Unknown_keys_are_ignored_and_a_later_duplicate_wins()
    {
        var e = CategoricalEncodingJson.Deserialize("""
            {"delta": {"steps": [0, 1], "note": "x"}, "duration": {"steps": [1, 2]}, "from_a_newer_dl4m": [1, {"a": 2}],
             "velocity_bins": 8, "velocity_bins": 12, "notes": "INTERVAL"}
            """);
        Assert.Equal(12, e.VelocityBins);
        Assert.Equal(NoteTarget.Interval, e.Notes);
    }

    [Theory]
    [InlineData("null", "not a valid categorical encoding: null")]
    [InlineData("[1, 2]", "not a valid categorical encoding: the encoding must be a JSON object (got [1, 2])")]
    [InlineData("{\"duration\": {\"steps\": [1, 2]}}", "not a valid categorical encoding: the encoding has no \"delta\"")]
    [InlineData("{\"delta\": {\"values\": [1, 2]}, \"duration\": {\"steps\": [1, 2]}}", "not a valid categorical encoding: \"delta\" has no \"steps\"")]
    [InlineData("{\"delta\": {\"steps\": [0, 1.5]}, \"duration\": {\"steps\": [1, 2]}}", "not a valid categorical encoding: \"steps\"[1]: expected an integer (got 1.5)")]
    [InlineData("{\"delta\": {\"steps\": [0, 1]}, \"duration\": {\"steps\": [1, 2]}, \"velocity_bins\": \"16\"}", "not a valid categorical encoding: \"velocity_bins\": expected an integer (got \"16\")")]
    [InlineData("{\"delta\": {\"steps\": [0, 1]}, \"duration\": {\"steps\": [1, 2]}, \"timing\": 0}", "not a valid categorical encoding: \"timing\": expected one of classes, regression (got 0)")]
    [InlineData("{\"delta\": {\"steps\": [0, 1]}, \"duration\": {\"steps\": [1, 2]}, \"lookback_bars\": null}", "not a valid categorical encoding: \"lookback_bars\": expected an array of integers (got null)")]
    [InlineData("{\"delta\": {\"steps\": [0, 1]}, \"duration\": {\"steps\": [1, 2]}, \"labels\": [\"a\", 3]}", "not a valid categorical encoding: \"labels\"[1]: expected a string (got 3)")]
    [InlineData("{\"delta\": {\"steps\": [0, 1]}, \"duration\": {\"steps\": [1, 2]}, \"scaling\": {\"velocity_std\": 1}}", "encoding: regression standard deviations must be positive")]
    [InlineData("{\"delta\": {\"steps\": [0, 1]}, \"duration\": {\"steps\": [1, 2]", "not a valid categorical encoding: ")]
    public void A_damaged_file_is_one_line_naming_the_file_and_the_key(string json, string message)
    {
        var e = Assert.Throws<Dl4mException>(() => CategoricalEncodingJson.Deserialize(json, "m/encoding.json"));
        Assert.StartsWith("m/encoding.json: ", e.Message);
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
