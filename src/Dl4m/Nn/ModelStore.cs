namespace Dl4m.Nn;

/// <summary>
/// A model on disk: a folder with config.json (<see cref="ModelConfigJson"/>) and model.safetensors
/// (<see cref="Safetensors"/>, Keras layout and names). Loading checks every tensor against the
/// config: a missing, extra or wrongly shaped tensor is an error naming it, never a silent wrong model.
/// </summary>
public static class ModelStore
{
    /// <summary>File name of the config inside a model folder.</summary>
    public const string ConfigFileName = "config.json";

    /// <summary>File name of the weights inside a model folder.</summary>
    public const string WeightsFileName = "model.safetensors";

    /// <summary>Writes config.json and model.safetensors into <paramref name="directory"/> (created if needed).</summary>
    public static void Save(Model model, string directory)
    {
        Directory.CreateDirectory(directory);
        ModelConfigJson.Save(model.Config, Path.Combine(directory, ConfigFileName));
        var metadata = new Dictionary<string, string> { ["format"] = "dl4m", ["layout"] = "keras" };
        Safetensors.Save(Path.Combine(directory, WeightsFileName), model.Parameters, metadata);
    }

    /// <summary>Reads a model folder written by <see cref="Save"/>; the weights come back bit-identical.</summary>
    public static Model Load(string directory)
    {
        if (!Directory.Exists(directory)) throw new Dl4mException($"model folder {directory} does not exist");
        var config = ModelConfigJson.Load(Path.Combine(directory, ConfigFileName));
        string weightsPath = Path.Combine(directory, WeightsFileName);
        return Create(config, Safetensors.Load(weightsPath), weightsPath);
    }

    /// <summary>A model of <paramref name="config"/> holding <paramref name="tensors"/> (checked as by <see cref="SetWeights(Model, IReadOnlyList{NamedTensor}, string)"/>; <paramref name="source"/> names them in errors).</summary>
    public static Model Create(ModelConfig config, IReadOnlyList<NamedTensor> tensors, string source)
    {
        var model = Model.CreateEmpty(config);
        try
        {
            SetWeights(model, tensors, source);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        return model;
    }

    /// <summary>Copies named tensors into a model's parameters, requiring exactly the config's tensors and shapes.</summary>
    public static void SetWeights(Model model, IReadOnlyList<NamedTensor> tensors, string source = "weights") =>
        SetWeights(model.Parameters, tensors, source);

    /// <summary>Copies named tensors into <paramref name="parameters"/> (any network's), requiring exactly their names and shapes.</summary>
    public static void SetWeights(IReadOnlyList<NamedTensor> parameters, IReadOnlyList<NamedTensor> tensors, string source = "weights")
    {
        var byName = new Dictionary<string, NamedTensor>();
        foreach (var t in tensors)
            if (!byName.TryAdd(t.Name, t)) throw new Dl4mException($"{source}: tensor {t.Name} appears twice");
        foreach (var p in parameters)
        {
            if (!byName.Remove(p.Name, out var t))
                throw new Dl4mException($"{source}: tensor {p.Name} is missing (the config needs shape {p.ShapeText})");
            if (!t.Shape.AsSpan().SequenceEqual(p.Shape))
                throw new Dl4mException($"{source}: tensor {p.Name} has shape {t.ShapeText}, the config needs {p.ShapeText}");
            t.Data.CopyTo(p.Data, 0);
        }
        if (byName.Count > 0)
            throw new Dl4mException($"{source}: tensor {byName.Keys.Order(StringComparer.Ordinal).First()} is not part of the config ({byName.Count} unexpected tensor(s))");
    }
}
