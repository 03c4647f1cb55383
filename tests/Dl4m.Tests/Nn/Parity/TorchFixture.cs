using System.Text.Json;
using Dl4m.Nn;

namespace Dl4m.Tests.Nn.Parity;

/// <summary>One tensor of a fixture: shape and row-major float64 values.</summary>
internal sealed record FixtureTensor(int[] Shape, double[] Data)
{
    public float[] ToFloats() => Data.Select(v => (float)v).ToArray();
}

/// <summary>What PyTorch recorded for one Adam step: output and loss before the update, gradients, weights after.</summary>
internal sealed record FixtureStep(
    FixtureTensor Output,
    double Loss,
    IReadOnlyDictionary<string, FixtureTensor> Gradients,
    IReadOnlyDictionary<string, FixtureTensor> WeightsAfter);

/// <summary>Adam's hyper-parameters as the fixture used them (PyTorch's formula).</summary>
internal sealed record FixtureAdam(double Lr, double Beta1, double Beta2, double Eps);

/// <summary>
/// A PyTorch parity fixture written by tools/make_torch_fixture.py (Fixtures/torch/*.json): a small model,
/// one batch, and three Adam steps recorded in our Keras layout and tensor names.
/// </summary>
internal sealed record TorchFixture(
    string Name,
    ModelConfig Config,
    bool ManyToMany,
    FixtureAdam Adam,
    FixtureTensor Input,
    FixtureTensor Target,
    IReadOnlyDictionary<string, FixtureTensor> InitialWeights,
    IReadOnlyList<FixtureStep> Steps)
{
    public static readonly string[] Names = ["stacked_many_to_one", "many_to_many", "dense_activations"];

    public int Batch => Input.Shape[0];

    public int Time => Input.Shape[1];

    public static TorchFixture Load(string name)
    {
        using var document = FixtureJson.Open(name);
        var root = document.RootElement;
        return new TorchFixture(
            root.GetProperty("name").GetString()!,
            ReadConfig(root.GetProperty("config")),
            root.GetProperty("many_to_many").GetBoolean(),
            FixtureJson.Adam(root),
            FixtureJson.Tensor(root.GetProperty("input")),
            FixtureJson.Tensor(root.GetProperty("target")),
            FixtureJson.Tensors(root.GetProperty("initial_weights")),
            FixtureJson.Steps(root));
    }

    /// <summary>The weights in force before step <paramref name="step"/> (0-based).</summary>
    public IReadOnlyDictionary<string, FixtureTensor> WeightsBefore(int step) =>
        step == 0 ? InitialWeights : Steps[step - 1].WeightsAfter;

    private static ModelConfig ReadConfig(JsonElement config) => new()
    {
        InputSize = config.GetProperty("input_size").GetInt32(),
        Layers = config.GetProperty("layers").EnumerateArray().Select(layer =>
        {
            int units = layer.GetProperty("units").GetInt32();
            return layer.GetProperty("kind").GetString() switch
            {
                "lstm" => LayerConfig.Lstm(units, layer.GetProperty("return_sequences").GetBoolean()),
                "dense" => LayerConfig.Dense(units, layer.GetProperty("activation").GetString() switch
                {
                    "linear" => Activation.Linear,
                    "relu" => Activation.Relu,
                    "tanh" => Activation.Tanh,
                    "sigmoid" => Activation.Sigmoid,
                    var other => throw new InvalidDataException($"fixture activation {other}"),
                }),
                "copy" => LayerConfig.Copy([.. layer.GetProperty("copy_heads").EnumerateArray().Select(h => h.GetInt32())],
                    layer.GetProperty("copy_blocks").GetInt32(), layer.GetProperty("copy_input_offset").GetInt32()),
                var other => throw new InvalidDataException($"fixture layer kind {other}"),
            };
        }).ToList(),
    };
}
