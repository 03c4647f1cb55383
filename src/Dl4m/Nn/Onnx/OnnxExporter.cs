using System.Reflection;
using Dl4m.IO;
using Google.Protobuf;
using Onnx;

namespace Dl4m.Nn.Onnx;

/// <summary>
/// Writes a model's inference graph as an ONNX file made of standard operators only (opset 17,
/// IR version 8, so onnxruntime and the Python onnx package 1.12 both accept it): Transpose, LSTM,
/// Squeeze, Gemm, MatMul, Add, Relu, Tanh, Sigmoid. The graph takes "input" (batch, time, features)
/// float32 with symbolic batch and time, and returns "output": (batch, units) when the model ends on
/// a last-step LSTM or a Dense after one, (batch, time, units) when it returns every step.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The ONNX operator set the graph is written against.</summary>
    public const int Opset = 17;

    /// <summary>ONNX IR version 8 (2021-07-30), the newest that Python's onnx 1.12 reads.</summary>
    public const long IrVersion = 8;

    /// <summary>Name of the graph's input, (batch, time, features) float32.</summary>
    public const string InputName = "input";

    /// <summary>Name of the graph's output.</summary>
    public const string OutputName = "output";

    /// <summary>Where a value stands between layers: which axes it has, in which order.</summary>
    private enum Layout
    {
        /// <summary>(B,T,X), the model's input layout.</summary>
        BatchMajor,
        /// <summary>(T,B,X), what the ONNX LSTM operator reads and writes.</summary>
        TimeMajor,
        /// <summary>(B,X): one vector per sequence (after a last-step LSTM).</summary>
        Flat,
    }

    /// <summary>
    /// Writes the model to <paramref name="path"/> (atomically: a temporary file in the same folder,
    /// then a rename, so a failed export never leaves a half-written file behind).
    /// </summary>
    /// <param name="config">The model's layers.</param>
    /// <param name="parameters">Its weights under their Keras names and layouts ("lstm_1/kernel", …).</param>
    /// <param name="path">The .onnx file to write; its folder must exist.</param>
    /// <param name="force">False: an existing file at <paramref name="path"/> is refused (<see cref="OutputFile"/>) instead of replaced.</param>
    /// <exception cref="Dl4mException">A tensor is missing, extra or of the wrong shape, the config
    /// cannot be exported, the file exists without <paramref name="force"/>, or it cannot be written.</exception>
    public static void Export(ModelConfig config, IReadOnlyList<NamedTensor> parameters, string path, bool force = true)
    {
        OutputFile.CheckNew(path, force); // before building the graph: refuse at once
        byte[] bytes = Build(config, parameters).ToByteArray();
        OutputFile.WriteAllBytes(path, bytes, force, "ONNX file");
    }

    /// <summary>Writes <paramref name="model"/>'s inference graph to <paramref name="path"/> (see the other overload).</summary>
    /// <param name="model">The model; its current <see cref="Model.Parameters"/> become the graph's constants.</param>
    /// <param name="path">The .onnx file to write; its folder must exist.</param>
    /// <param name="force">False: an existing file at <paramref name="path"/> is refused instead of replaced.</param>
    /// <exception cref="Dl4mException">The file exists without <paramref name="force"/>, or it cannot be written.</exception>
    public static void Export(Model model, string path, bool force = true) => Export(model.Config, model.Parameters, path, force);

    /// <summary>Builds the ONNX model in memory (the protobuf message <see cref="Export(ModelConfig, IReadOnlyList{NamedTensor}, string, bool)"/> writes).</summary>
    internal static ModelProto Build(ModelConfig config, IReadOnlyList<NamedTensor> parameters)
    {
        config.Validate();
        var layerNames = config.LayerNames();
        for (int l = 0; l < config.Layers.Count; l++)
            if (config.Layers[l].Kind == LayerKind.Copy)
                throw new Dl4mException($"ONNX export: layer {layerNames[l]} is a copy layer (its gates add mass to tokens suggested by the input's lookback blocks), which the export does not support; only models without one export (a categorical model trained without lookback inputs, or one written before lookback version 2)");
        if (config.Layers[0].InputColumns > 0)
            throw new Dl4mException($"ONNX export: layer {layerNames[0]} reads only the first {config.Layers[0].InputColumns} of {config.InputSize} input columns, which the export does not support");
        var tensors = new OnnxParameterSet(config, parameters);
        var g = new OnnxGraphBuilder("dl4m");
        g.AddInput(OnnxGraphBuilder.FloatValueInfo(InputName, "batch", "time", config.InputSize));

        string x = InputName;
        var layout = Layout.BatchMajor;
        int size = config.InputSize;
        var names = config.LayerNames();
        for (int l = 0; l < config.Layers.Count; l++)
        {
            var layer = config.Layers[l];
            string name = names[l];
            if (layer.Kind == LayerKind.Lstm)
            {
                if (layout == Layout.Flat)
                    throw new Dl4mException($"ONNX export: layer {name} is an LSTM after a layer that returned only the last step; it has no sequence to read");
                if (layout == Layout.BatchMajor)
                    x = Transpose(g, x, $"{name}_time_major"); // (B,T,X) → (T,B,X)
                (x, layout) = Lstm(g, tensors, name, layer, x, size);
            }
            else
            {
                x = Dense(g, tensors, name, layer, x, size, layout);
            }
            size = layer.Units;
        }

        if (layout == Layout.TimeMajor)
            x = Transpose(g, x, "output_batch_major"); // (T,B,X) → (B,T,X)
        g.RenameOutput(x, OutputName);
        g.AddOutput(layout == Layout.Flat
            ? OnnxGraphBuilder.FloatValueInfo(OutputName, "batch", size)
            : OnnxGraphBuilder.FloatValueInfo(OutputName, "batch", "time", size));

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "dl4m",
            ProducerVersion = ProducerVersion(),
            DocString = "dl4m inference graph: " + config.Describe(),
            Graph = g.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }

    private static string Transpose(OnnxGraphBuilder g, string x, string hint)
    {
        string y = g.Fresh(hint);
        OnnxGraphBuilder.SetInts(g.Node("Transpose", [x], [y]), "perm", 1, 0, 2);
        return y;
    }

    /// <summary>One ONNX LSTM node on a (T,B,In) value; returns (T,B,H) or, for a last-step LSTM, (B,H).</summary>
    private static (string Value, Layout Layout) Lstm(OnnxGraphBuilder g, OnnxParameterSet tensors, string name, LayerConfig layer, string x, int inputSize)
    {
        int hidden = layer.Units;
        string w = g.FloatInitializer($"{name}_W", OnnxLstmWeights.Weights(tensors.Data($"{name}/kernel"), inputSize, hidden), 1, 4L * hidden, inputSize);
        string r = g.FloatInitializer($"{name}_R", OnnxLstmWeights.Weights(tensors.Data($"{name}/recurrent_kernel"), hidden, hidden), 1, 4L * hidden, hidden);
        string b = g.FloatInitializer($"{name}_B", OnnxLstmWeights.Bias(tensors.Data($"{name}/bias"), hidden), 1, 8L * hidden);

        if (layer.ReturnSequences)
        {
            string y = g.Fresh($"{name}_Y"); // (T,1,B,H): one direction
            OnnxGraphBuilder.SetInt(g.Node("LSTM", [x, w, r, b], [y]), "hidden_size", hidden);
            string axes = g.Int64Initializer($"{name}_squeeze_axes", 1);
            return (g.Apply("Squeeze", $"{name}_sequence", y, axes), Layout.TimeMajor); // (T,B,H)
        }
        else
        {
            string yh = g.Fresh($"{name}_Y_h"); // (1,B,H): the last step's hidden state
            OnnxGraphBuilder.SetInt(g.Node("LSTM", [x, w, r, b], ["", yh]), "hidden_size", hidden);
            string axes = g.Int64Initializer($"{name}_squeeze_axes", 0);
            return (g.Apply("Squeeze", $"{name}_last", yh, axes), Layout.Flat); // (B,H)
        }
    }

    /// <summary>Gemm on (B,In); MatMul + Add on a sequence (either axis order), then the activation.</summary>
    private static string Dense(OnnxGraphBuilder g, OnnxParameterSet tensors, string name, LayerConfig layer, string x, int inputSize, Layout layout)
    {
        string kernel = g.FloatInitializer($"{name}_kernel", tensors.Data($"{name}/kernel"), inputSize, layer.Units);
        string bias = g.FloatInitializer($"{name}_bias", tensors.Data($"{name}/bias"), layer.Units);
        string y = layout == Layout.Flat
            ? g.Apply("Gemm", $"{name}_linear", x, kernel, bias) // (B,Out)
            : g.Apply("Add", $"{name}_linear", g.Apply("MatMul", $"{name}_matmul", x, kernel), bias); // (·,·,Out)
        return layer.Activation switch
        {
            Activation.Linear => y,
            Activation.Relu => g.Apply("Relu", $"{name}_relu", y),
            Activation.Tanh => g.Apply("Tanh", $"{name}_tanh", y),
            Activation.Sigmoid => g.Apply("Sigmoid", $"{name}_sigmoid", y),
            _ => throw new Dl4mException($"ONNX export: layer {name} has activation {layer.Activation}, which the exporter does not know"),
        };
    }

    private static string ProducerVersion() =>
        typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
