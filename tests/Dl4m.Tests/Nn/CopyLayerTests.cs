using Xunit.Abstractions;
using Dl4m.Nn;
using Dl4m.Nn.Onnx;
using Dl4m.Tests.Nn.Parity;

namespace Dl4m.Tests.Nn;

/// <summary>
/// The copy layer (<see cref="LayerKind.Copy"/>): its forward pass and gradients against PyTorch (fixture written by
/// tools/make_copy_fixture.py, three Adam steps, every kernel path × 1 and 2 threads), its backward pass against
/// finite differences, generation's step API against the batch forward pass, the config's rules, config.json, and
/// the ONNX exporter's refusal.
/// </summary>
[Collection(KernelIsaCollection.Name)]
public sealed class CopyLayerTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    /// <summary>LSTM → Dense(U + G) → Copy over heads 5, 3, 4 with 2 suggestion blocks at input offset 4 (input 30, as the fixture).</summary>
    private static ModelConfig Config() => new()
    {
        InputSize = 30,
        Layers = [LayerConfig.Lstm(6, returnSequences: true), LayerConfig.Dense(18), LayerConfig.Copy([5, 3, 4], 2, 4)],
    };

    public static TheoryData<int, string> ThreadsAndPaths()
    {
        var data = new TheoryData<int, string>();
        foreach (int threads in new[] { 1, 2 })
            foreach (string isa in KernelIsaCollection.Paths())
                data.Add(threads, isa);
        return data;
    }

    [Theory]
    [MemberData(nameof(ThreadsAndPaths))]
    public void Forward_gradients_and_adam_steps_match_pytorch(int threads, string isa)
    {
        using var path = KernelIsaCollection.Force(isa);
        var fixture = TorchFixture.Load("copy_layer");
        Assert.Equal(Config(), fixture.Config, ConfigComparer.Instance);
        using var model = Model.Create(fixture.Config, seed: 0);
        model.Threads = threads;
        Assert.Equal(fixture.InitialWeights.Keys.Order(), model.Parameters.Select(p => p.Name).Order()); // the copy layer has no weights
        foreach (var parameter in model.Parameters)
            fixture.InitialWeights[parameter.Name].ToFloats().CopyTo(parameter.Data, 0);
        var parity = new AdamStepsParity(Tolerance);
        parity.Run("copy_layer", model, fixture.Adam, fixture.Input, fixture.Target, fixture.Steps, MeanSquaredError.Instance);
        parity.ReportAndAssert(output, $"copy_layer, {threads} thread(s), {isa}, vs PyTorch (float64):");
    }

    [Theory]
    [MemberData(nameof(ThreadsAndPaths))]
    public void Backward_matches_finite_differences(int threads, string isa)
    {
        using var path = KernelIsaCollection.Force(isa);
        using var model = Model.Create(Config(), seed: 7);
        model.Threads = threads;
        // random inputs everywhere, suggestion blocks included: the layer is linear in them, so the check covers every gate
        double worst = GradientCheck.Check(model, batch: 3, steps: 4, seed: 11);
        Assert.True(worst < GradientCheck.Relative, $"worst relative error {worst}");
    }

    [Fact]
    public void The_gates_add_to_the_suggested_tokens_only()
    {
        // Dense with zero kernel: its bias is the output, so the logits are 0 and the gates are the bias's last 6 values
        var config = Config();
        using var model = Model.Create(config, seed: 1);
        var dense = model.Parameters.Single(p => p.Name == "dense_1/kernel");
        Array.Clear(dense.Data);
        var bias = model.Parameters.Single(p => p.Name == "dense_1/bias").Data;
        Array.Clear(bias);
        float[] gates = [1, 2, 3, 10, 20, 30]; // block 0: heads 0, 1, 2; block 1: heads 0, 1, 2
        gates.CopyTo(bias, 12);
        var x = new float[30];
        x[4 + 2] = 1;       // block 0 suggests token 2 of head 0
        x[4 + 12 + 2] = 1;  // block 1 suggests it too
        x[4 + 12 + 5 + 1] = 1; // block 1 suggests token 1 of head 1
        var y = model.Predict(x, 1, 1);
        var expected = new float[12];
        expected[2] = 1 + 10;
        expected[5 + 1] = 20;
        Assert.Equal(expected, y);
    }

    [Fact]
    public void Generation_steps_give_the_batch_forward_pass()
    {
        using var model = Model.Create(Config(), seed: 3);
        var (input, _) = GradientCheck.RandomBatch(model, 1, 6, seed: 5);
        var batch = model.Predict(input, 1, 6);
        var state = model.CreateState();
        var row = new float[12];
        for (int t = 0; t < 6; t++)
        {
            model.Step(state, input.AsSpan(t * 30, 30), row);
            for (int o = 0; o < 12; o++) Assert.Equal(batch[t * 12 + o], row[o], 5);
        }
    }

    [Fact]
    public void Config_round_trips_through_config_json_and_counts_no_parameters()
    {
        var config = Config();
        var back = ModelConfigJson.Deserialize(ModelConfigJson.Serialize(config));
        Assert.Equal(config, back, ConfigComparer.Instance);
        Assert.Equal(0, config.ParameterCount(2));
        Assert.Equal("LSTM(6, sequences) → Dense(18) → Copy(12 logits, 6 gates)", config.Describe());
        // the other kinds write no copy keys, so config.json of models without a copy layer is unchanged
        Assert.DoesNotContain("copy", ModelConfigJson.Serialize(ModelConfig.Seed));
    }

    [Theory]
    [InlineData(17, 2, 4, "reads 12 logits + 6 gates = 18 values, the layer before gives 17")]
    [InlineData(18, 2, 7, "do not fit in the input of 30")]
    [InlineData(18, 0, 4, "copy_blocks must be 1–64")]
    public void Impossible_configs_are_refused_naming_the_layer(int denseUnits, int blocks, int offset, string message)
    {
        var config = new ModelConfig
        {
            InputSize = 30,
            Layers = [LayerConfig.Lstm(6, returnSequences: true), LayerConfig.Dense(denseUnits), LayerConfig.Copy([5, 3, 4], blocks, offset)],
        };
        var error = Assert.Throws<Dl4mException>(config.Validate);
        Assert.Contains("copy_1", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_copy_layer_after_a_last_step_lstm_is_refused()
    {
        var config = new ModelConfig { InputSize = 30, Layers = [LayerConfig.Lstm(18), LayerConfig.Copy([5, 3, 4], 2, 4)] };
        var error = Assert.Throws<Dl4mException>(config.Validate);
        Assert.Contains("returns no sequence", error.Message);
    }

    [Fact]
    public void Onnx_export_refuses_a_model_with_a_copy_layer_with_one_clear_line()
    {
        using var model = Model.Create(Config(), seed: 1);
        string path = Path.Combine(Path.GetTempPath(), $"dl4m-copy-{Guid.NewGuid():N}.onnx");
        var error = Assert.Throws<Dl4mException>(() => OnnxExporter.Export(model, path));
        Assert.StartsWith("ONNX export: layer copy_1 is a copy layer", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(File.Exists(path));
    }

    /// <summary>Configs compared by value (records compare their layer lists by reference).</summary>
    private sealed class ConfigComparer : IEqualityComparer<ModelConfig>
    {
        public static readonly ConfigComparer Instance = new();

        public bool Equals(ModelConfig? a, ModelConfig? b) =>
            a is not null && b is not null && a.InputSize == b.InputSize && a.Layers.Count == b.Layers.Count
            && a.Layers.Zip(b.Layers).All(p => p.First with { CopyHeads = null } == p.Second with { CopyHeads = null }
                && (p.First.CopyHeads ?? []).SequenceEqual(p.Second.CopyHeads ?? []));

        public int GetHashCode(ModelConfig config) => config.InputSize;
    }
}
