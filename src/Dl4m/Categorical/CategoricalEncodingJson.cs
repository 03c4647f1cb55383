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

    /// <summary>Parses and validates; errors name <paramref name="source"/>.</summary>
    public static CategoricalEncoding Deserialize(string json, string source = FileName)
    {
        CategoricalEncoding? encoding;
        try
        {
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

    /// <summary>Writes encoding.json into <paramref name="folder"/> atomically.</summary>
    public static void Save(CategoricalEncoding encoding, string folder) =>
        AtomicFile.WriteAllText(Path.Combine(folder, FileName), Serialize(encoding) + "\n");

    /// <summary>Reads a model folder's encoding.json, or null when the folder has none (a seed model).</summary>
    public static CategoricalEncoding? TryLoad(string folder)
    {
        string path = Path.Combine(folder, FileName);
        return File.Exists(path) ? Deserialize(File.ReadAllText(path), path) : null;
    }
}
