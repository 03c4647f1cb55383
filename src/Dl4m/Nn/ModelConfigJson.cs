using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dl4m.Nn;

/// <summary>
/// The JSON form of a <see cref="ModelConfig"/> (config.json beside the weights), snake_case:
/// {"input_size": 3, "layers": [{"kind": "lstm", "units": 48, "activation": "linear", "return_sequences": false}, …]}.
/// </summary>
public static class ModelConfigJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        WriteIndented = true,
    };

    /// <summary>The config as indented JSON text.</summary>
    public static string Serialize(ModelConfig config) => JsonSerializer.Serialize(config, Options);

    /// <summary>Parses and validates a config; errors name <paramref name="source"/> (a file name) and the problem.</summary>
    public static ModelConfig Deserialize(string json, string source = "config")
    {
        ModelConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<ModelConfig>(json, Options);
        }
        catch (JsonException e)
        {
            throw new Dl4mException($"{source}: not a valid model config: {e.Message}", e);
        }
        if (config is null) throw new Dl4mException($"{source}: not a valid model config: null");
        try
        {
            config.Validate();
        }
        catch (Dl4mException e)
        {
            throw new Dl4mException($"{source}: {e.Message}", e);
        }
        return config;
    }

    /// <summary>Reads and validates a config file.</summary>
    public static ModelConfig Load(string path)
    {
        if (!File.Exists(path)) throw new Dl4mException($"model config {path} does not exist");
        return Deserialize(File.ReadAllText(path), path);
    }

    /// <summary>Writes a config file.</summary>
    public static void Save(ModelConfig config, string path) => File.WriteAllText(path, Serialize(config) + "\n");
}
