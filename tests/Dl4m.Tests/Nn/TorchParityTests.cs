using Xunit.Abstractions;
using Dl4m.Nn;
using Dl4m.Tests.Nn.Parity;

namespace Dl4m.Tests.Nn;

/// <summary>
/// Parity with PyTorch 1.13: fixtures written by tools/make_torch_fixture.py hold a small model's weights,
/// input, target, and for three Adam steps the output, MSE loss, every gradient and the weights after the
/// step (float64 reference arithmetic, converted to our Keras layout). Tolerance: |ours − torch| ≤
/// 1e-5·max(1, |torch|) on every value.
/// </summary>
[Collection(KernelIsaCollection.Name)]
public sealed class TorchParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string> Fixtures() => new(TorchFixture.Names);

    public static TheoryData<string, int, string> FixturesAndThreads()
    {
        var data = new TheoryData<string, int, string>();
        foreach (string name in TorchFixture.Names)
            foreach (int threads in new[] { 1, 2 })
                foreach (string isa in KernelIsaCollection.Paths())
                    data.Add(name, threads, isa);
        return data;
    }

    /// <summary>
    /// Our engine against PyTorch, step by step on its own state: set the initial weights through
    /// Parameters, then for each of three steps compare the output (Predict), the loss and every gradient
    /// (ComputeGradients), and every weight after Adam's update.
    /// </summary>
    [Theory]
    [MemberData(nameof(FixturesAndThreads))]
    public void Engine_matches_pytorch_over_three_adam_steps(string name, int threads, string isa)
    {
        using var path = KernelIsaCollection.Force(isa);
        var fixture = TorchFixture.Load(name);
        using var model = Model.Create(fixture.Config, seed: 0);
        model.Threads = threads;
        foreach (var parameter in model.Parameters)
            fixture.InitialWeights[parameter.Name].ToFloats().CopyTo(parameter.Data, 0);
        Assert.Equal(fixture.InitialWeights.Keys.Order(), model.Parameters.Select(p => p.Name).Order());
        var parity = new AdamStepsParity(Tolerance);
        parity.Run(name, model, fixture.Adam, fixture.Input, fixture.Target, fixture.Steps, MeanSquaredError.Instance);
        parity.ReportAndAssert(output, $"{name}, {threads} thread(s), vs PyTorch (float64):");
    }

    /// <summary>
    /// The fixture against our independent double-precision forward pass: proves the fixture's layout
    /// conversion (kernel transposes, summed biases, gate order), so an engine mismatch below is the engine's.
    /// </summary>
    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_outputs_match_the_reference_forward_pass(string name)
    {
        var fixture = TorchFixture.Load(name);
        var tolerance = new ParityTolerance(1e-6); // float64 torch vs float64 reference on float32-rounded weights
        for (int step = 0; step < fixture.Steps.Count; step++)
        {
            var weights = fixture.WeightsBefore(step).Select(w => new NamedTensor(w.Key, w.Value.Shape, w.Value.ToFloats())).ToList();
            double[] reference = ReferenceForward.Run(fixture.Config, weights, fixture.Input.ToFloats(), fixture.Batch, fixture.Time);
            tolerance.Check($"{name} step {step + 1} output", reference.Select(v => (float)v).ToArray(), fixture.Steps[step].Output.Data);
        }
        output.WriteLine($"{name}: reference forward vs torch: {tolerance}");
        tolerance.AssertAllWithin();
    }

    /// <summary>
    /// The fixture's weight updates follow PyTorch's Adam exactly as our optimiser must implement it:
    /// m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², w ← w − lr·(m/(1−β1ᵗ)) / (√(v/(1−β2ᵗ)) + ε).
    /// </summary>
    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_weight_updates_follow_pytorch_adam(string name)
    {
        var fixture = TorchFixture.Load(name);
        var adam = fixture.Adam;
        var tolerance = new ParityTolerance(1e-12);
        foreach (var (tensor, initial) in fixture.InitialWeights)
        {
            double[] w = (double[])initial.Data.Clone(), m = new double[w.Length], v = new double[w.Length];
            for (int t = 1; t <= fixture.Steps.Count; t++)
            {
                double[] g = fixture.Steps[t - 1].Gradients[tensor].Data;
                for (int i = 0; i < w.Length; i++)
                {
                    m[i] = adam.Beta1 * m[i] + (1 - adam.Beta1) * g[i];
                    v[i] = adam.Beta2 * v[i] + (1 - adam.Beta2) * g[i] * g[i];
                    double mHat = m[i] / (1 - Math.Pow(adam.Beta1, t)), vHat = v[i] / (1 - Math.Pow(adam.Beta2, t));
                    w[i] -= adam.Lr * mHat / (Math.Sqrt(vHat) + adam.Eps);
                }
                double[] expected = fixture.Steps[t - 1].WeightsAfter[tensor].Data;
                for (int i = 0; i < w.Length; i++)
                    tolerance.Check($"{name} step {t} {tensor}[{i}]", w[i], expected[i]);
            }
        }
        tolerance.AssertAllWithin();
    }
}
