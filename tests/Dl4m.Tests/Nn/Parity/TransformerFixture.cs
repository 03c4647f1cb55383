using Dl4m.Nn.Transformer;

namespace Dl4m.Tests.Nn.Parity;

/// <summary>
/// A transformer parity fixture written by tools/make_transformer_fixture.py (Fixtures/torch/transformer_*.json): a
/// small <see cref="TransformerConfig"/>, one batch (B,T,F) with MSE targets (B,T,O), and three Adam steps recorded
/// under our tensor names and layout.
/// </summary>
internal sealed record TransformerFixture(
    string Name,
    TransformerConfig Config,
    FixtureAdam Adam,
    FixtureTensor Input,
    FixtureTensor Target,
    IReadOnlyDictionary<string, FixtureTensor> InitialWeights,
    IReadOnlyList<FixtureStep> Steps)
{
    public static readonly string[] Names = ["transformer_sparse", "transformer_dense"];

    public int Batch => Input.Shape[0];

    public int Time => Input.Shape[1];

    public static TransformerFixture Load(string name)
    {
        using var document = FixtureJson.Open(name);
        var root = document.RootElement;
        var config = root.GetProperty("config");
        return new TransformerFixture(
            root.GetProperty("name").GetString()!,
            new TransformerConfig
            {
                InputSize = config.GetProperty("input_size").GetInt32(),
                OutputSize = config.GetProperty("output_size").GetInt32(),
                Width = config.GetProperty("width").GetInt32(),
                Heads = config.GetProperty("heads").GetInt32(),
                Layers = config.GetProperty("layers").GetInt32(),
                FeedForward = config.GetProperty("feed_forward").GetInt32(),
                Context = config.GetProperty("context").GetInt32(),
                Dropout = config.GetProperty("dropout").GetDouble(),
            },
            FixtureJson.Adam(root),
            FixtureJson.Tensor(root.GetProperty("input")),
            FixtureJson.Tensor(root.GetProperty("target")),
            FixtureJson.Tensors(root.GetProperty("initial_weights")),
            FixtureJson.Steps(root));
    }

    /// <summary>A network holding the fixture's initial weights.</summary>
    public TransformerNetwork CreateNetwork()
    {
        var network = TransformerNetwork.CreateEmpty(Config);
        foreach (var parameter in network.Parameters)
            InitialWeights[parameter.Name].ToFloats().CopyTo(parameter.Data, 0);
        return network;
    }
}
