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
                throw new Dl4mException($"ONNX export: tensor {tensor.Name} is given twice");

        var expected = ExpectedShapes(config);
        foreach (var (name, shape) in expected)
        {
            if (!byName.TryGetValue(name, out var tensor))
                throw new Dl4mException($"ONNX export: tensor {name} is missing (the config needs shape {ShapeText(shape)})");
            if (!tensor.Shape.SequenceEqual(shape))
                throw new Dl4mException($"ONNX export: tensor {name} has shape {tensor.ShapeText}, the config needs {ShapeText(shape)}");
            long count = shape.Aggregate(1L, (a, b) => a * b);
            if (tensor.Data.Length != count)
                throw new Dl4mException($"ONNX export: tensor {name} holds {tensor.Data.Length} values, its shape {ShapeText(shape)} needs {count}");
        }
        foreach (string name in byName.Keys)
            if (!expected.Any(e => e.Name == name))
                throw new Dl4mException($"ONNX export: tensor {name} is not part of the config's layers ({string.Join(", ", config.LayerNames())})");
    }

    /// <summary>The row-major data of a tensor checked in the constructor.</summary>
    public float[] Data(string name) => byName[name].Data;

    private static string ShapeText(int[] shape) => "(" + string.Join(", ", shape) + ")";

    /// <summary>The tensors of a config that passed <see cref="ModelConfig.Validate"/>, with their shapes.</summary>
    private static List<(string Name, int[] Shape)> ExpectedShapes(ModelConfig config)
    {
        var shapes = new List<(string, int[])>();
        var names = config.LayerNames();
        int size = config.InputSize;
        for (int l = 0; l < config.Layers.Count; l++)
        {
            var layer = config.Layers[l];
            string name = names[l];
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
