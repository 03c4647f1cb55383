using System.Text.Json;
using System.Text.Json.Serialization;
using Dl4m.IO;

namespace Dl4m.Categorical;

/// <summary>encoding.json: the <see cref="CategoricalEncoding"/> of a categorical model folder, snake_case, enums as strings.</summary>
public static class CategoricalEncodingJson
{
    /// <summary>File name inside the model folder; its presence marks a categorical model.</summary>
    public const string FileName = "encoding.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        WriteIndented = true,
    };

    /// <summary>The encoding as indented JSON.</summary>
    public static string Serialize(CategoricalEncoding encoding) => JsonSerializer.Serialize(encoding, Options);

    /// <summary>The one-line reason a model folder of the seconds-based categorical model is refused.</summary>
    public const string OlderModelReason = "trained by an older dl4m (time in seconds): train it again";

    /// <summary>
    /// Parses and validates; errors name <paramref name="source"/>. Keys absent from the file keep the defaults of
    /// <see cref="CategoricalEncoding"/> (an older file without lookback_bars reads as no lookback inputs); unknown keys
    /// are ignored. Read by hand from a <see cref="JsonDocument"/> (see <see cref="JsonFields"/> for why).
    /// </summary>
    /// <exception cref="Dl4mException">Not a valid encoding, or one of the seconds-based model (<see cref="OlderModelReason"/>).</exception>
    public static CategoricalEncoding Deserialize(string json, string source = FileName)
    {
        CategoricalEncoding encoding;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (IsSecondsBased(document.RootElement)) throw new Dl4mException($"{source}: {OlderModelReason}");
            encoding = Read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new Dl4mException($"{source}: not a valid categorical encoding: {e.Message}", e);
        }
        try
        {
            encoding.Validate();
        }
        catch (Dl4mException e)
        {
            throw new Dl4mException($"{source}: {e.Message}", e);
        }
        return encoding;
    }

    /// <summary>
    /// True for an encoding.json of the seconds-based categorical model: no time_unit, and time bins with edges in
    /// seconds. Its weights expect other inputs, so it cannot be read as a beat encoding.
    /// </summary>
    private static bool IsSecondsBased(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && !root.TryGetProperty("time_unit", out _)
        && root.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object && delta.TryGetProperty("edges", out _);

    /// <summary>
    /// The encoding of a parsed encoding.json: every key <see cref="Serialize"/> writes, each over the record's own
    /// default (a later duplicate key wins, as with the serialiser).
    /// </summary>
    private static CategoricalEncoding Read(JsonElement root)
    {
        JsonFields.RequireObject(root, "the encoding");
        BeatGrid? delta = null, duration = null;
        foreach (var p in root.EnumerateObject())
        {
            if (p.NameEquals("delta")) delta = Grid(p);
            else if (p.NameEquals("duration")) duration = Grid(p);
        }
        var encoding = new CategoricalEncoding
        {
            Delta = delta ?? throw JsonFields.Missing("delta", "the encoding"),
            Duration = duration ?? throw JsonFields.Missing("duration", "the encoding"),
        };
        foreach (var p in root.EnumerateObject())
        {
            encoding = p.Name switch
            {
                "time_unit" => encoding with { TimeUnit = JsonFields.String(p) },
                "steps_per_beat" => encoding with { StepsPerBeat = JsonFields.Int(p) },
                "notes" => encoding with { Notes = JsonFields.Enum<NoteTarget>(p) },
                "interval_range" => encoding with { IntervalRange = JsonFields.Int(p) },
                "velocity_bins" => encoding with { VelocityBins = JsonFields.Int(p) },
                "velocity" => encoding with { Velocity = JsonFields.Enum<HeadKind>(p) },
                "timing" => encoding with { Timing = JsonFields.Enum<HeadKind>(p) },
                "bar_positions" => encoding with { BarPositions = JsonFields.Int(p) },
                "median_bpm" => encoding with { MedianBpm = JsonFields.Double(p) },
                "scaling" => encoding with { Scaling = Scaling(p) },
                "labels" => encoding with { Labels = JsonFields.StringArray(p) },
                "normalize_key" => encoding with { NormalizeKey = JsonFields.Bool(p) },
                "lookback_bars" => encoding with { LookbackBars = JsonFields.IntArray(p) },
                "lookback_version" => encoding with { LookbackVersion = JsonFields.Int(p) },
                _ => encoding, // "delta", "duration" (read above) and keys of a newer dl4m
            };
        }
        return encoding;
    }

    /// <summary>{"steps": [...]}: the classes of the Δtime or duration head.</summary>
    private static BeatGrid Grid(JsonProperty property)
    {
        if (property.Value.ValueKind != JsonValueKind.Object) throw JsonFields.Expected(property, "an object with \"steps\"");
        int[]? steps = null;
        foreach (var p in property.Value.EnumerateObject())
            if (p.NameEquals("steps")) steps = JsonFields.IntArray(p);
        return new BeatGrid { Steps = steps ?? throw JsonFields.Missing("steps", $"\"{property.Name}\"") };
    }

    /// <summary>The regression heads' z-scores; an absent member is 0, as the serialiser's constructor binding made it.</summary>
    private static RegressionScaling Scaling(JsonProperty property)
    {
        if (property.Value.ValueKind != JsonValueKind.Object) throw JsonFields.Expected(property, "an object");
        double velocityMean = 0, velocityStd = 0, logDeltaMean = 0, logDeltaStd = 0, logDurationMean = 0, logDurationStd = 0;
        foreach (var p in property.Value.EnumerateObject())
        {
            switch (p.Name)
            {
                case "velocity_mean": velocityMean = JsonFields.Double(p); break;
                case "velocity_std": velocityStd = JsonFields.Double(p); break;
                case "log_delta_mean": logDeltaMean = JsonFields.Double(p); break;
                case "log_delta_std": logDeltaStd = JsonFields.Double(p); break;
                case "log_duration_mean": logDurationMean = JsonFields.Double(p); break;
                case "log_duration_std": logDurationStd = JsonFields.Double(p); break;
            }
        }
        return new RegressionScaling(velocityMean, velocityStd, logDeltaMean, logDeltaStd, logDurationMean, logDurationStd);
    }

    /// <summary>Writes encoding.json into <paramref name="folder"/> atomically.</summary>
    public static void Save(CategoricalEncoding encoding, string folder) =>
        AtomicFile.WriteAllText(Path.Combine(folder, FileName), Serialize(encoding) + "\n");

    /// <summary>Reads a model folder's encoding.json, or null when the folder has none (an original model).</summary>
    public static CategoricalEncoding? TryLoad(string folder)
    {
        string path = Path.Combine(folder, FileName);
        return File.Exists(path) ? Deserialize(File.ReadAllText(path), path) : null;
    }
}
