using System.Text.Json;
using Xunit.Abstractions;
using Dl4m.Nn;
using Dl4m.Tests.Nn.Parity;

namespace Dl4m.Tests.Nn;

/// <summary>
/// Parity with PyTorch's nn.LSTM(x, (h0, c0)): fixtures written by tools/make_stateful_fixture.py start every LSTM layer
/// from a nonzero state and carry the final state (detached: truncated BPTT) into the next of three Adam steps. Per step
/// the output, the loss, every gradient, each layer's final (h_T, c_T) and the weights after the update must agree to
/// 1e-5·max(1, |torch|), on every kernel path and with 1 or 2 threads (2 splits the rows, and so the state, over workers).
/// </summary>
[Collection(KernelIsaCollection.Name)]
public sealed class StatefulParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;
    private static readonly string[] Names = ["stateful_stacked", "stateful_single"];

    public static TheoryData<string, int, string> FixturesAndThreads()
    {
        var data = new TheoryData<string, int, string>();
        foreach (string name in Names)
            foreach (int threads in new[] { 1, 2 })
                foreach (string isa in KernelIsaCollection.Paths())
                    data.Add(name, threads, isa);
        return data;
    }

    [Theory]
    [MemberData(nameof(FixturesAndThreads))]
    public void Carried_state_matches_pytorch_over_three_adam_steps(string name, int threads, string isa)
    {
        using var path = KernelIsaCollection.Force(isa);
        var fixture = TorchFixture.Load(name);
        var (initial, finals) = LoadStates(name);
        using var model = Model.Create(fixture.Config, seed: 0);
        model.Threads = threads;
        foreach (var parameter in model.Parameters)
            fixture.InitialWeights[parameter.Name].ToFloats().CopyTo(parameter.Data, 0);
        var adam = new Adam(model)
        {
            LearningRate = (float)fixture.Adam.Lr,
            Beta1 = (float)fixture.Adam.Beta1,
            Beta2 = (float)fixture.Adam.Beta2,
            Epsilon = (float)fixture.Adam.Eps,
        };
        float[] x = fixture.Input.ToFloats(), target = fixture.Target.ToFloats();
        int[] lstmLayers = [.. Enumerable.Range(0, fixture.Config.Layers.Count).Where(i => fixture.Config.Layers[i].Kind == LayerKind.Lstm)];
        var state = model.CreateCarriedState(fixture.Batch);
        for (int k = 0; k < lstmLayers.Length; k++)
            state.Set(lstmLayers[k], initial[k].H.ToFloats(), initial[k].C.ToFloats());
        var scratch = model.CreateCarriedState(fixture.Batch);

        var outputs = new ParityTolerance(Tolerance);
        var losses = new ParityTolerance(Tolerance);
        var gradients = new ParityTolerance(Tolerance);
        var states = new ParityTolerance(Tolerance);
        var weights = new ParityTolerance(Tolerance);
        for (int s = 0; s < fixture.Steps.Count; s++)
        {
            var step = fixture.Steps[s];
            string at = $"{name} step {s + 1}";
            InitialStateTests.CopyState(state, scratch);
            var predicted = new float[model.OutputLength(fixture.Batch, fixture.Time)];
            model.Predict(x, fixture.Batch, fixture.Time, predicted, scratch);
            outputs.Check($"{at} output", predicted, step.Output.Data);
            losses.Check($"{at} loss", model.ComputeGradients(x, target, fixture.Batch, fixture.Time, MeanSquaredError.Instance, state), step.Loss);
            foreach (var gradient in model.Gradients)
                gradients.Check($"{at} gradient {gradient.Name}", gradient.Data, step.Gradients[gradient.Name].Data);
            for (int k = 0; k < lstmLayers.Length; k++)
            {
                states.Check($"{at} layer {lstmLayers[k]} h_T", state.HiddenOf(lstmLayers[k]), finals[s][k].H.Data);
                states.Check($"{at} layer {lstmLayers[k]} c_T", state.CellOf(lstmLayers[k]), finals[s][k].C.Data);
                states.Check($"{at} layer {lstmLayers[k]} h_T by Predict", scratch.HiddenOf(lstmLayers[k]), finals[s][k].H.Data);
            }
            adam.Step();
            foreach (var parameter in model.Parameters)
                weights.Check($"{at} weights after {parameter.Name}", parameter.Data, step.WeightsAfter[parameter.Name].Data);
        }

        ParityTolerance.ReportAndAssert(output, $"{name}, {threads} thread(s), {isa}, vs PyTorch (float64):",
            ("outputs", outputs), ("losses", losses), ("gradients", gradients), ("final states", states), ("weights", weights));
    }

    /// <summary>The fixture's initial (h0, c0) per LSTM layer and, per step, each layer's final (h_T, c_T); each (B,H).</summary>
    private static (List<(FixtureTensor H, FixtureTensor C)> Initial, List<List<(FixtureTensor H, FixtureTensor C)>> Finals) LoadStates(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "torch", name + ".json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        return (Pairs(root.GetProperty("initial_state")),
            root.GetProperty("steps").EnumerateArray().Select(step => Pairs(step.GetProperty("final_state"))).ToList());

        static List<(FixtureTensor, FixtureTensor)> Pairs(JsonElement list) =>
            list.EnumerateArray().Select(p => (Tensor(p.GetProperty("h")), Tensor(p.GetProperty("c")))).ToList();

        static FixtureTensor Tensor(JsonElement t) => new(
            t.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray(),
            t.GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray());
    }
}
