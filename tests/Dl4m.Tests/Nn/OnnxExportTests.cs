using Xunit.Abstractions;
using Dl4m.Nn;
using Dl4m.Nn.Onnx;
using Dl4m.Tests.Nn.Parity;

namespace Dl4m.Tests.Nn;

/// <summary>
/// Exported graphs run in onnxruntime must compute what the model computes: compared with our engine's
/// Predict and with an independent double-precision forward pass written in the tests (which checks the
/// exporter's gate reordering and layouts without trusting the engine).
/// </summary>
public sealed class OnnxExportTests(ITestOutputHelper output) : IDisposable
{
    private const double Tolerance = 1e-5;
    private readonly string folder = Directory.CreateTempSubdirectory("dl4m-onnx-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static readonly ModelConfig StackedSequences = new()
    {
        InputSize = 3,
        Layers =
        [
            LayerConfig.Lstm(8, returnSequences: true), LayerConfig.Lstm(6, returnSequences: true),
            LayerConfig.Dense(5, Activation.Tanh), LayerConfig.Dense(3, Activation.Sigmoid),
        ],
    };

    private static readonly ModelConfig StackedLastStep = new()
    {
        InputSize = 4,
        Layers =
        [
            LayerConfig.Lstm(7, returnSequences: true), LayerConfig.Lstm(5),
            LayerConfig.Dense(6, Activation.Relu), LayerConfig.Dense(2),
        ],
    };

    /// <summary>Ends on an LSTM's sequence, with no Dense after it (the graph ends on a Transpose).</summary>
    private static readonly ModelConfig LstmOnly = new() { InputSize = 2, Layers = [LayerConfig.Lstm(4, returnSequences: true)] };

    /// <summary>A Dense layer on the raw (B,T,F) input before the LSTM, and a model with no LSTM at all.</summary>
    private static readonly ModelConfig DenseFirst = new()
    {
        InputSize = 3,
        Layers = [LayerConfig.Dense(5, Activation.Relu), LayerConfig.Lstm(4), LayerConfig.Dense(2)],
    };

    private static readonly ModelConfig DenseOnly = new()
    {
        InputSize = 3,
        Layers = [LayerConfig.Dense(4, Activation.Sigmoid), LayerConfig.Dense(2)],
    };

    public static TheoryData<string> Configs() =>
        ["seed", "stacked-sequences", "stacked-last-step", "lstm-only", "dense-first", "dense-only"];

    private static ModelConfig ConfigNamed(string name) => name switch
    {
        "seed" => ModelConfig.Seed,
        "stacked-sequences" => StackedSequences,
        "stacked-last-step" => StackedLastStep,
        "lstm-only" => LstmOnly,
        "dense-first" => DenseFirst,
        "dense-only" => DenseOnly,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void Exported_graph_in_onnxruntime_matches_our_forward_pass(string configName)
    {
        var config = ConfigNamed(configName);
        using var model = Model.Create(config, seed: 7);
        RandomiseBiases(model, seed: 8); // Keras' init leaves biases at 0 or 1: make the bias path count
        string path = Path.Combine(folder, "model.onnx");
        OnnxExporter.Export(model, path);

        var ortVsOurs = new ParityTolerance(Tolerance);
        var ortVsReference = new ParityTolerance(Tolerance);
        var random = new Random(3);
        foreach (var (batch, time) in new[] { (1, 1), (3, 7), (5, 32), (2, 100) })
        {
            float[] x = RandomArray(random, batch * time * config.InputSize, 2.0);
            var (actual, shape) = OrtRunner.Run(path, x, batch, time, config.InputSize);
            float[] ours = model.Predict(x, batch, time);
            double[] reference = ReferenceForward.Run(config, model.Parameters, x, batch, time);

            int units = config.OutputSize;
            long[] expectedShape = config.OutputIsSequence ? [batch, time, units] : [batch, units];
            Assert.Equal(expectedShape, shape);
            ortVsOurs.Check($"{configName} B={batch} T={time} output", actual, ours.Select(v => (double)v).ToArray());
            ortVsReference.Check($"{configName} B={batch} T={time} output", actual, reference);
        }
        output.WriteLine($"{configName}: onnxruntime vs our Predict: {ortVsOurs}");
        output.WriteLine($"{configName}: onnxruntime vs double-precision reference: {ortVsReference}");
        ortVsOurs.AssertAllWithin();
        ortVsReference.AssertAllWithin();
    }

    [Fact]
    public void Graph_declares_symbolic_batch_and_time_opset_17_and_ir_8()
    {
        var model = OnnxExporter.Build(StackedSequences, RandomParameters(StackedSequences, seed: 1));

        Assert.Equal(8, model.IrVersion);
        Assert.Equal(17, Assert.Single(model.OpsetImport).Version);
        var input = Assert.Single(model.Graph.Input);
        Assert.Equal("input", input.Name);
        Assert.Equal(["batch", "time", ""], input.Type.TensorType.Shape.Dim.Select(d => d.DimParam));
        Assert.Equal(3, input.Type.TensorType.Shape.Dim[2].DimValue);
        var output = Assert.Single(model.Graph.Output);
        Assert.Equal("output", output.Name);
        Assert.Equal(["batch", "time", ""], output.Type.TensorType.Shape.Dim.Select(d => d.DimParam));
        Assert.Equal(2, model.Graph.Node.Count(n => n.OpType == "LSTM"));
        Assert.Contains(model.Graph.Node, n => n.Output.Contains("output"));
    }

    [Fact]
    public void Lstm_gate_blocks_are_reordered_from_keras_ifco_to_onnx_iofc()
    {
        const int hidden = 2, rows = 1;
        // Keras kernel (1, 8): block i = 1,2  f = 3,4  c = 5,6  o = 7,8.
        float[] kernel = [1, 2, 3, 4, 5, 6, 7, 8];
        Assert.Equal([1, 2, 7, 8, 3, 4, 5, 6], OnnxLstmWeights.Weights(kernel, rows, hidden));
        Assert.Equal([1, 2, 7, 8, 3, 4, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0], OnnxLstmWeights.Bias(kernel, hidden));
    }

    [Fact]
    public void Weights_are_transposed_to_gate_rows()
    {
        // Keras kernel (2 rows, 4 gates of 1 unit): row r, gate g holds 10·r + g.
        float[] kernel = [0, 1, 2, 3, 10, 11, 12, 13];
        // ONNX [4 gates (i,o,f,c), 2 rows].
        Assert.Equal([0, 10, 3, 13, 1, 11, 2, 12], OnnxLstmWeights.Weights(kernel, rows: 2, hidden: 1));
    }

    [Fact]
    public void Missing_tensor_is_an_error_naming_it()
    {
        var parameters = RandomParameters(ModelConfig.Seed, seed: 1).Where(t => t.Name != "dense_1/bias").ToList();
        var error = Assert.Throws<Dl4mException>(() => OnnxExporter.Export(ModelConfig.Seed, parameters, Path.Combine(folder, "m.onnx")));
        Assert.Contains("dense_1/bias", error.Message);
        Assert.Contains("missing", error.Message);
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public void Wrongly_shaped_tensor_is_an_error_naming_it_and_both_shapes()
    {
        var parameters = RandomParameters(ModelConfig.Seed, seed: 1)
            .Select(t => t.Name == "lstm_1/recurrent_kernel" ? new NamedTensor(t.Name, [192, 48], t.Data) : t).ToList();
        var error = Assert.Throws<Dl4mException>(() => OnnxExporter.Export(ModelConfig.Seed, parameters, Path.Combine(folder, "m.onnx")));
        Assert.Contains("lstm_1/recurrent_kernel", error.Message);
        Assert.Contains("(192, 48)", error.Message);
        Assert.Contains("(48, 192)", error.Message);
    }

    [Fact]
    public void Tensor_of_another_model_is_an_error_naming_it()
    {
        var parameters = RandomParameters(ModelConfig.Seed, seed: 1).Append(new NamedTensor("dense_3/bias", [3], new float[3])).ToList();
        var error = Assert.Throws<Dl4mException>(() => OnnxExporter.Export(ModelConfig.Seed, parameters, Path.Combine(folder, "m.onnx")));
        Assert.Contains("dense_3/bias", error.Message);
    }

    [Fact]
    public void Export_into_a_missing_folder_is_an_error_naming_it()
    {
        string path = Path.Combine(folder, "no-such-folder", "m.onnx");
        var error = Assert.Throws<Dl4mException>(() => OnnxExporter.Export(ModelConfig.Seed, RandomParameters(ModelConfig.Seed, 1), path));
        Assert.Contains("no-such-folder", error.Message);
    }

    [Fact]
    public void Export_replaces_an_existing_file_and_leaves_no_temporary_file()
    {
        string path = Path.Combine(folder, "m.onnx");
        File.WriteAllText(path, "old");
        OnnxExporter.Export(ModelConfig.Seed, RandomParameters(ModelConfig.Seed, 1), path);
        Assert.Equal([path], Directory.GetFiles(folder));
        Assert.True(new FileInfo(path).Length > 11_235 * sizeof(float)); // every weight is in the file
    }

    /// <summary>The weights of a freshly initialised model, copied (so a test may edit the list freely).</summary>
    private static List<NamedTensor> RandomParameters(ModelConfig config, int seed)
    {
        using var model = Model.Create(config, seed);
        RandomiseBiases(model, seed + 1);
        return model.Parameters.Select(p => new NamedTensor(p.Name, p.Shape, (float[])p.Data.Clone())).ToList();
    }

    /// <summary>Uniform(−0.5, 0.5) biases, written through Parameters.</summary>
    /// <summary>
    /// A categorical model (LSTM → Dense logits) fed one-hot rows of the default encoding, as training and generation
    /// feed it: our Predict then takes the sparse input path, onnxruntime the dense MatMul; both must agree.
    /// </summary>
    [Fact]
    public void Exported_categorical_model_matches_our_sparse_forward_pass()
    {
        var encoding = new Dl4m.Categorical.CategoricalEncoding
        {
            Delta = Dl4m.Categorical.BeatGrid.Delta,
            Duration = Dl4m.Categorical.BeatGrid.Duration,
            Labels = ["chords", "melody"],
        };
        var config = new ModelConfig
        {
            InputSize = encoding.InputSize,
            Layers = [LayerConfig.Lstm(16, returnSequences: true), LayerConfig.Dense(encoding.OutputSize)],
        };
        using var model = Model.Create(config, seed: 11);
        RandomiseBiases(model, seed: 12);
        string path = Path.Combine(folder, "categorical.onnx");
        OnnxExporter.Export(model, path);
        var random = new Random(5);
        const int batch = 3, time = 20;
        var x = new float[batch * time * config.InputSize];
        for (int row = 0; row < batch * time; row++)
        {
            var e = new Dl4m.Categorical.CategoricalEvent(random.Next(40, 90), random.Next(1, 128), random.Next(0, 13), random.Next(1, 25), random.Next(0, 48));
            encoding.EncodeInput(e, random.Next(-1, 2), x.AsSpan(row * config.InputSize, config.InputSize));
        }
        var (actual, shape) = OrtRunner.Run(path, x, batch, time, config.InputSize);
        Assert.Equal([batch, time, encoding.OutputSize], shape);
        var tolerance = new ParityTolerance(Tolerance);
        tolerance.Check("categorical output", actual, model.Predict(x, batch, time).Select(v => (double)v).ToArray());
        output.WriteLine($"categorical, one-hot input: onnxruntime vs our Predict: {tolerance}");
        tolerance.AssertAllWithin();
    }

    private static void RandomiseBiases(Model model, int seed)
    {
        var random = new Random(seed);
        foreach (var tensor in model.Parameters.Where(p => p.Name.EndsWith("/bias", StringComparison.Ordinal)))
            RandomArray(random, tensor.Data.Length, 0.5).CopyTo(tensor.Data, 0);
    }

    private static float[] RandomArray(Random random, int count, double scale) =>
        Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();
}
