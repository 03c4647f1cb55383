using System.Globalization;
using System.Text;
using System.Text.Json;
using Dl4m.IO;

namespace Dl4m.Nn.Transformer;

/// <summary>
/// The JSON form of a <see cref="TransformerConfig"/> (config.json of a transformer model folder), snake_case:
/// {"architecture": "transformer", "input_size": 211, "output_size": 211, "width": 128, "heads": 4, "layers": 2,
/// "feed_forward": 512, "context": 64, "dropout": 0.1}. Read by hand (see <see cref="JsonFields"/> for why) and validated.
/// </summary>
public static class TransformerConfigJson
{
    /// <summary>The value of "architecture" that tells a transformer config from an LSTM one.</summary>
    public const string Architecture = "transformer";

    /// <summary>The config as indented JSON text.</summary>
    public static string Serialize(TransformerConfig config)
    {
        var text = new StringBuilder();
        text.Append("{\n");
        text.Append(CultureInfo.InvariantCulture, $"  \"architecture\": \"{Architecture}\",\n");
        text.Append(CultureInfo.InvariantCulture, $"  \"input_size\": {config.InputSize},\n");
        text.Append(CultureInfo.InvariantCulture, $"  \"output_size\": {config.OutputSize},\n");
        text.Append(CultureInfo.InvariantCulture, $"  \"width\": {config.Width},\n");
        text.Append(CultureInfo.InvariantCulture, $"  \"heads\": {config.Heads},\n");
        text.Append(CultureInfo.InvariantCulture, $"  \"layers\": {config.Layers},\n");
        text.Append(CultureInfo.InvariantCulture, $"  \"feed_forward\": {config.FeedForward},\n");
        text.Append(CultureInfo.InvariantCulture, $"  \"context\": {config.Context},\n");
        text.Append(CultureInfo.InvariantCulture, $"  \"dropout\": {config.Dropout.ToString("R", CultureInfo.InvariantCulture)}\n");
        text.Append('}');
        return text.ToString();
    }

    /// <summary>Reads and validates <paramref name="path"/>.</summary>
    /// <exception cref="Dl4mException">Missing, unreadable, not a transformer config, or an impossible one.</exception>
    public static TransformerConfig Load(string path)
    {
        if (!File.Exists(path)) throw new Dl4mException($"{path} does not exist");
        return Deserialize(File.ReadAllText(path), path);
    }

    /// <summary>Parses and validates a config; errors name <paramref name="source"/>.</summary>
    public static TransformerConfig Deserialize(string json, string source = "config")
    {
        TransformerConfig config;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            JsonFields.RequireObject(root, "the config");
            string? architecture = null;
            int? input = null, output = null;
            config = new TransformerConfig { InputSize = 0, OutputSize = 0 };
            foreach (var p in root.EnumerateObject())
            {
                if (p.NameEquals("architecture")) architecture = JsonFields.String(p);
                else if (p.NameEquals("input_size")) input = JsonFields.Int(p);
                else if (p.NameEquals("output_size")) output = JsonFields.Int(p);
                else if (p.NameEquals("width")) config = config with { Width = JsonFields.Int(p) };
                else if (p.NameEquals("heads")) config = config with { Heads = JsonFields.Int(p) };
                else if (p.NameEquals("layers")) config = config with { Layers = JsonFields.Int(p) };
                else if (p.NameEquals("feed_forward")) config = config with { FeedForward = JsonFields.Int(p) };
                else if (p.NameEquals("context")) config = config with { Context = JsonFields.Int(p) };
                else if (p.NameEquals("dropout")) config = config with { Dropout = JsonFields.Double(p) };
            }
            if (architecture != Architecture) throw new JsonException($"\"architecture\" must be \"{Architecture}\"");
            config = config with
            {
                InputSize = input ?? throw JsonFields.Missing("input_size", "the config"),
                OutputSize = output ?? throw JsonFields.Missing("output_size", "the config"),
            };
        }
        catch (JsonException e)
        {
            throw new Dl4mException($"{source}: not a valid transformer config: {e.Message}", e);
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
}
