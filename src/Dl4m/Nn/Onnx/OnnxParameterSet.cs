namespace Dl4m.Nn.Onnx;

/// <summary>
/// The tensors an export reads, checked up front against the config: every expected tensor present
/// with its exact shape, and nothing else, so a weights list that does not belong to the config is an
/// error naming the tensor rather than a wrong graph.
/// </summary>
internal sealed class OnnxParameterSet
{
    private readonly Dictionary<string, NamedTensor> byName = new(StringComparer.Ordinal);

    public OnnxParameterSet(ModelConfig config, IReadOnlyList<NamedTensor> parameters)
    {
        foreach (var tensor in parameters)
            if (!byName.TryAdd(tensor.Name, tensor))
                throw new Dl4mException($"ONNX export: tensor {tensor.Name} is given twice.");

        var expected = ExpectedShapes(config);
        foreach (var (name, shape) in expected)
        {
            if (!byName.TryGetValue(name, out var tensor))
                throw new Dl4mException($"ONNX export: tensor {name} is missing (expected shape [{string.Join(",", shape)}]).");
            if (!tensor.Shape.SequenceEqual(shape))
                throw new Dl4mException($"ONNX export: tensor {name} has shape [{string.Join(",", tensor.Shape)}], the config needs [{string.Join(",", shape)}].");
            long count = shape.Aggregate(1L, (a, b) => a * b);
            if (tensor.Data.Length != count)
                throw new Dl4mException($"ONNX export: tensor {name} holds {tensor.Data.Length} values, its shape [{string.Join(",", shape)}] needs {count}.");
        }
        foreach (string name in byName.Keys)
            if (!expected.Any(e => e.Name == name))
                throw new Dl4mException($"ONNX export: tensor {name} is not part of the config's layers ({string.Join(", ", config.LayerNames())}).");
    }

    /// <summary>The row-major data of a tensor checked in the constructor.</summary>
    public float[] Data(string name) => byName[name].Data;

    private static List<(string Name, int[] Shape)> ExpectedShapes(ModelConfig config)
    {
        if (config.InputSize <= 0)
            throw new Dl4mException($"ONNX export: the config's input size is {config.InputSize}; it must be at least 1.");
        var shapes = new List<(string, int[])>();
        var names = config.LayerNames();
        int size = config.InputSize;
        for (int l = 0; l < config.Layers.Count; l++)
        {
            var layer = config.Layers[l];
            string name = names[l];
            if (layer.Units <= 0)
                throw new Dl4mException($"ONNX export: layer {name} has {layer.Units} units; it must have at least 1.");
            int units = layer.Units;
            if (layer.Kind == LayerKind.Lstm)
            {
                shapes.Add(($"{name}/kernel", [size, 4 * units]));
                shapes.Add(($"{name}/recurrent_kernel", [units, 4 * units]));
                shapes.Add(($"{name}/bias", [4 * units]));
            }
            else
            {
                shapes.Add(($"{name}/kernel", [size, units]));
                shapes.Add(($"{name}/bias", [units]));
            }
            size = units;
        }
        return shapes;
    }
}
