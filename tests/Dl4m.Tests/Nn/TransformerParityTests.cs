using Xunit.Abstractions;
using Dl4m.Nn;
using Dl4m.Tests.Nn.Parity;

namespace Dl4m.Tests.Nn;

/// <summary>
/// Parity of the transformer with PyTorch 1.13 (fixtures by tools/make_transformer_fixture.py, whose relative attention
/// uses the Music Transformer's literal pad-reshape skewing): outputs, MSE loss, every gradient and the weights after
/// each of three Adam steps, on every kernel path × 1 and 2 threads. |ours − torch| ≤ 1e-5·max(1, |torch|).
/// </summary>
[Collection(KernelIsaCollection.Name)]
public sealed class TransformerParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string, int, string> FixturesAndThreads()
    {
        var data = new TheoryData<string, int, string>();
        foreach (string name in TransformerFixture.Names)
            foreach (int threads in new[] { 1, 2 })
                foreach (string isa in KernelIsaCollection.Paths())
                    data.Add(name, threads, isa);
        return data;
    }

    [Theory]
    [MemberData(nameof(FixturesAndThreads))]
    public void Transformer_matches_pytorch_over_three_adam_steps(string name, int threads, string isa)
    {
        using var path = KernelIsaCollection.Force(isa);
        var fixture = TransformerFixture.Load(name);
        using var network = fixture.CreateNetwork();
        network.Threads = threads;
        var adam = new Adam(network)
        {
            LearningRate = (float)fixture.Adam.Lr,
            Beta1 = (float)fixture.Adam.Beta1,
            Beta2 = (float)fixture.Adam.Beta2,
            Epsilon = (float)fixture.Adam.Eps,
        };
        float[] x = fixture.Input.ToFloats(), target = fixture.Target.ToFloats();
        var outputs = new ParityTolerance(Tolerance);
        var losses = new ParityTolerance(Tolerance);
        var gradients = new ParityTolerance(Tolerance);
        var weights = new ParityTolerance(Tolerance);
        for (int s = 0; s < fixture.Steps.Count; s++)
        {
            var step = fixture.Steps[s];
            string at = $"{name} step {s + 1}";
            outputs.Check($"{at} output", network.Predict(x, fixture.Batch, fixture.Time), step.Output.Data);
            losses.Check($"{at} loss", network.ComputeGradients(x, target, fixture.Batch, fixture.Time, MeanSquaredError.Instance), step.Loss);
            foreach (var gradient in network.Gradients)
                gradients.Check($"{at} gradient {gradient.Name}", gradient.Data, step.Gradients[gradient.Name].Data);
            adam.Step();
            foreach (var parameter in network.Parameters)
                weights.Check($"{at} weights after {parameter.Name}", parameter.Data, step.WeightsAfter[parameter.Name].Data);
        }
        ParityTolerance.ReportAndAssert(output, $"{name}, {threads} thread(s), {isa}, vs PyTorch (float64):",
            ("outputs", outputs), ("losses", losses), ("gradients", gradients), ("weights", weights));
    }
}
