using System.Text.Json;
using Dl4m.Generation;
using Dl4m.Training;

namespace Dl4m.Families.Categorical;

/// <summary>
/// What generation needs from a categorical model folder's train.json: the dataset it was trained on (for primers)
/// and its look-back (primer length). Read loosely, field by field, so that training options added later don't break it.
/// </summary>
/// <param name="Dataset">Dataset folder recorded at training time (may no longer exist).</param>
/// <param name="Lookback">Events per training window, used as the primer length.</param>
public sealed record CategoricalModelInfo(string Dataset, int Lookback)
{
    /// <summary>Primer length when train.json records no look-back (the categorical training default).</summary>
    public const int DefaultLookback = 32;

    /// <summary>Reads train.json of <paramref name="modelFolder"/>.</summary>
    /// <exception cref="Dl4mException">The file is missing, not JSON, or lacks the dataset.</exception>
    public static CategoricalModelInfo Read(string modelFolder)
    {
        string path = Path.Combine(modelFolder, Trainer.RecordFileName);
        if (!File.Exists(path)) throw new Dl4mException($"model folder '{modelFolder}' has no {Trainer.RecordFileName}: not a folder written by dl4m train");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Reads the text of a train.json; errors name <paramref name="path"/>.</summary>
    /// <exception cref="Dl4mException">Not JSON, or lacks the dataset.</exception>
    public static CategoricalModelInfo Parse(string json, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("dataset", out var dataset) || dataset.ValueKind != JsonValueKind.String)
                throw new Dl4mException($"{path}: no \"dataset\" string: not a training record of dl4m train");
            int lookback = DefaultLookback;
            if (root.TryGetProperty("options", out var options) && options.ValueKind == JsonValueKind.Object
                && options.TryGetProperty("lookback", out var value))
            {
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out lookback) || lookback < 1)
                    throw new Dl4mException($"{path}: options.lookback must be a positive integer (got {value.GetRawText()})");
            }
            return new CategoricalModelInfo(dataset.GetString()!, lookback);
        }
        catch (JsonException e)
        {
            throw new Dl4mException($"{path}: not valid JSON: {e.Message}", e);
        }
    }
}
