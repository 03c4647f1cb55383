namespace Dl4m.Nn.Transformer;

/// <summary>
/// A transformer on disk: config.json (<see cref="TransformerConfigJson"/>) and model.safetensors (<see cref="Safetensors"/>),
/// the same file names as <see cref="ModelStore"/>'s. Loading checks every tensor against the config
/// (as <see cref="ModelStore"/> does): a missing, extra or
/// wrongly shaped tensor is an error naming it.
/// </summary>
public static class TransformerStore
{
    /// <summary>Writes config.json and model.safetensors into <paramref name="directory"/> (created if needed).</summary>
    public static void Save(TransformerNetwork network, string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ModelStore.ConfigFileName), network.ConfigJson() + "\n");
        var metadata = new Dictionary<string, string> { ["format"] = "dl4m", ["architecture"] = TransformerConfigJson.Architecture };
        Safetensors.Save(Path.Combine(directory, ModelStore.WeightsFileName), network.Parameters, metadata);
    }

    /// <summary>True when <paramref name="directory"/>'s config.json is a transformer's.</summary>
    public static bool IsTransformer(string directory) => IsTransformerConfig(Path.Combine(directory, ModelStore.ConfigFileName));

    /// <summary>True when the config file <paramref name="path"/> is a transformer's (its "architecture" says so).</summary>
    public static bool IsTransformerConfig(string path)
    {
        try
        {
            return File.Exists(path) && File.ReadAllText(path).Contains($"\"architecture\": \"{TransformerConfigJson.Architecture}\"", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Reads a folder written by <see cref="Save"/> (or by training); the weights come back bit-identical.</summary>
    public static TransformerNetwork Load(string directory)
    {
        if (!Directory.Exists(directory)) throw new Dl4mException($"model folder {directory} does not exist");
        var config = TransformerConfigJson.Load(Path.Combine(directory, ModelStore.ConfigFileName));
        string weightsPath = Path.Combine(directory, ModelStore.WeightsFileName);
        var network = TransformerNetwork.CreateEmpty(config);
        try
        {
            ModelStore.SetWeights(network.Parameters, Safetensors.Load(weightsPath), weightsPath);
        }
        catch
        {
            network.Dispose();
            throw;
        }
        return network;
    }
}
