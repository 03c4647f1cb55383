using System.Text.Json;

namespace Dl4m.Tests.Nn.Parity;

/// <summary>
/// The parts every PyTorch parity fixture (Fixtures/torch/*.json, written by tools/make_*_fixture.py) writes alike:
/// tensors, Adam's hyper-parameters, the batch and the three recorded Adam steps. The fixture records
/// (<see cref="TorchFixture"/>, <see cref="TransformerFixture"/>) read their network's config themselves.
/// </summary>
internal static class FixtureJson
{
    /// <summary>The parsed fixture <paramref name="name"/> (dispose it after reading).</summary>
    public static JsonDocument Open(string name) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "torch", name + ".json")));

    public static FixtureAdam Adam(JsonElement root)
    {
        var adam = root.GetProperty("adam");
        return new FixtureAdam(adam.GetProperty("lr").GetDouble(), adam.GetProperty("beta1").GetDouble(),
            adam.GetProperty("beta2").GetDouble(), adam.GetProperty("eps").GetDouble());
    }

    /// <summary>Per step: the output and loss before the update, every gradient, every weight after it.</summary>
    public static IReadOnlyList<FixtureStep> Steps(JsonElement root) =>
        root.GetProperty("steps").EnumerateArray().Select(step => new FixtureStep(
            Tensor(step.GetProperty("output")),
            step.GetProperty("loss").GetDouble(),
            Tensors(step.GetProperty("gradients")),
            Tensors(step.GetProperty("weights_after")))).ToList();

    public static FixtureTensor Tensor(JsonElement tensor) => new(
        tensor.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray(),
        tensor.GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray());

    public static Dictionary<string, FixtureTensor> Tensors(JsonElement tensors) =>
        tensors.EnumerateObject().ToDictionary(p => p.Name, p => Tensor(p.Value));
}
