using System.Text.Json;
using System.Text.Json.Serialization;
using Dl4m.IO;

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

    /// <summary>
    /// Parses and validates a config; errors name <paramref name="source"/> (a file name) and the problem. Keys absent
    /// from the file keep <see cref="LayerConfig"/>'s defaults; unknown keys are ignored. Read by hand from a
    /// <see cref="JsonDocument"/> (see <see cref="JsonFields"/> for why).
    /// </summary>
    public static ModelConfig Deserialize(string json, string source = "config")
    {
        ModelConfig config;
        try
        {
            using var document = JsonDocument.Parse(json);
            config = Read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new Dl4mException($"{source}: not a valid model config: {e.Message}", e);
        }
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

    private static ModelConfig Read(JsonElement root)
    {
        JsonFields.RequireObject(root, "the config");
        int? inputSize = null;
        LayerConfig[]? layers = null;
        foreach (var p in root.EnumerateObject())
        {
            if (p.NameEquals("input_size")) inputSize = JsonFields.Int(p);
            else if (p.NameEquals("layers")) layers = Layers(p);
        }
        return new ModelConfig
        {
            InputSize = inputSize ?? throw JsonFields.Missing("input_size", "the config"),
            Layers = layers ?? throw JsonFields.Missing("layers", "the config"),
        };
    }

    private static LayerConfig[] Layers(JsonProperty property)
    {
        if (property.Value.ValueKind != JsonValueKind.Array) throw JsonFields.Expected(property, "an array of layers");
        var layers = new LayerConfig[property.Value.GetArrayLength()];
        for (int i = 0; i < layers.Length; i++)
        {
            var element = property.Value[i];
            string where = $"layer {i}";
            JsonFields.RequireObject(element, where);
            LayerKind? kind = null;
            int? units = null;
            Activation? activation = null;
            bool? returnSequences = null;
            int[]? copyHeads = null;
            int copyBlocks = 0, copyInputOffset = 0, inputColumns = 0;
            bool copyIndexed = false;
            foreach (var p in element.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "kind": kind = JsonFields.Enum<LayerKind>(p); break;
                    case "units": units = JsonFields.Int(p); break;
                    case "activation": activation = JsonFields.Enum<Activation>(p); break;
                    case "return_sequences": returnSequences = JsonFields.Bool(p); break;
                    case "copy_heads": copyHeads = JsonFields.IntArray(p); break;
                    case "copy_blocks": copyBlocks = JsonFields.Int(p); break;
                    case "copy_input_offset": copyInputOffset = JsonFields.Int(p); break;
                    case "input_columns": inputColumns = JsonFields.Int(p); break;
                    case "copy_indexed": copyIndexed = JsonFields.Bool(p); break;
                }
            }
            // absent keys keep the record's own defaults
            var layer = new LayerConfig { Kind = kind ?? throw JsonFields.Missing("kind", where), Units = units ?? throw JsonFields.Missing("units", where) };
            if (activation is { } a) layer = layer with { Activation = a };
            if (returnSequences is { } r) layer = layer with { ReturnSequences = r };
            if (copyHeads is not null) layer = layer with { CopyHeads = copyHeads };
            if (copyBlocks != 0) layer = layer with { CopyBlocks = copyBlocks };
            if (copyInputOffset != 0) layer = layer with { CopyInputOffset = copyInputOffset };
            if (inputColumns != 0) layer = layer with { InputColumns = inputColumns };
            if (copyIndexed) layer = layer with { CopyIndexed = true };
            layers[i] = layer;
        }
        return layers;
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
