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

    /// <summary>Parses and validates; errors name <paramref name="source"/>.</summary>
    /// <exception cref="Dl4mException">Not a valid encoding, or one of the seconds-based model (<see cref="OlderModelReason"/>).</exception>
    public static CategoricalEncoding Deserialize(string json, string source = FileName)
    {
        CategoricalEncoding? encoding;
        try
        {
            if (IsSecondsBased(json)) throw new Dl4mException($"{source}: {OlderModelReason}");
            encoding = JsonSerializer.Deserialize<CategoricalEncoding>(json, Options);
        }
        catch (JsonException e)
        {
            throw new Dl4mException($"{source}: not a valid categorical encoding: {e.Message}", e);
        }
        if (encoding is null) throw new Dl4mException($"{source}: not a valid categorical encoding: null");
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
    private static bool IsSecondsBased(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return root.ValueKind == JsonValueKind.Object && !root.TryGetProperty("time_unit", out _)
            && root.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object && delta.TryGetProperty("edges", out _);
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
