using System.Buffers.Binary;
using Google.Protobuf;
using Onnx;

namespace Dl4m.Nn.Onnx;

/// <summary>
/// Accumulates the nodes and initializers of one ONNX graph, handing out unique value names, so the
/// exporter reads as a list of operations rather than protobuf plumbing.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly GraphProto graph;
    private readonly HashSet<string> names = new(StringComparer.Ordinal);

    public OnnxGraphBuilder(string graphName)
    {
        graph = new GraphProto { Name = graphName };
    }

    public GraphProto Graph => graph;

    /// <summary>A value name not used yet, derived from <paramref name="hint"/>.</summary>
    public string Fresh(string hint)
    {
        string name = hint;
        for (int n = 2; !names.Add(name); n++)
            name = $"{hint}_{n}";
        return name;
    }

    /// <summary>Declares a float32 graph input or output; a string dimension is symbolic (a dim_param), an int is fixed.</summary>
    public static ValueInfoProto FloatValueInfo(string name, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (object dim in dims)
        {
            var d = new TensorShapeProto.Types.Dimension();
            if (dim is string param)
                d.DimParam = param;
            else
                d.DimValue = Convert.ToInt64(dim);
            shape.Dim.Add(d);
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
            },
        };
    }

    public void AddInput(ValueInfoProto input)
    {
        names.Add(input.Name);
        graph.Input.Add(input);
    }

    public void AddOutput(ValueInfoProto output) => graph.Output.Add(output);

    /// <summary>A float32 constant (weights), stored little-endian as raw data.</summary>
    public string FloatInitializer(string hint, float[] data, params long[] dims)
    {
        long count = dims.Aggregate(1L, (a, b) => a * b);
        if (count != data.Length)
            throw new ArgumentException($"initializer {hint}: {data.Length} values for shape [{string.Join(",", dims)}]");
        var bytes = new byte[data.Length * sizeof(float)];
        for (int i = 0; i < data.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), data[i]); // ONNX raw data is little-endian
        return AddInitializer(hint, TensorProto.Types.DataType.Float, dims, ByteString.CopyFrom(bytes));
    }

    /// <summary>A 1-D int64 constant (axes, shapes).</summary>
    public string Int64Initializer(string hint, params long[] values)
    {
        var bytes = new byte[values.Length * sizeof(long)];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), values[i]);
        return AddInitializer(hint, TensorProto.Types.DataType.Int64, [values.Length], ByteString.CopyFrom(bytes));
    }

    private string AddInitializer(string hint, TensorProto.Types.DataType type, long[] dims, ByteString raw)
    {
        string name = Fresh(hint);
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = raw };
        tensor.Dims.Add(dims);
        graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds a node; returns it so attributes can be attached.</summary>
    public NodeProto Node(string opType, IEnumerable<string> inputs, IEnumerable<string> outputs)
    {
        var node = new NodeProto { OpType = opType, Name = Fresh($"{opType}_node") };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        graph.Node.Add(node);
        return node;
    }

    /// <summary>Adds a one-output node and returns the name of its output value.</summary>
    public string Apply(string opType, string outputHint, params string[] inputs)
    {
        string output = Fresh(outputHint);
        Node(opType, inputs, [output]);
        return output;
    }

    public static void SetInt(NodeProto node, string name, long value) =>
        node.Attribute.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value });

    public static void SetInts(NodeProto node, string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values);
        node.Attribute.Add(attribute);
    }

    /// <summary>Renames the value <paramref name="from"/> to <paramref name="to"/> where a node produces it.</summary>
    public void RenameOutput(string from, string to)
    {
        foreach (var node in graph.Node)
            for (int i = 0; i < node.Output.Count; i++)
                if (node.Output[i] == from)
                    node.Output[i] = to;
        names.Add(to);
    }
}
