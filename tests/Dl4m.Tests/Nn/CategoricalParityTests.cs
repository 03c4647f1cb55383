using Xunit.Abstractions;
using Dl4m.Nn;
using Dl4m.Tests.Nn.Parity;
using Dl4m.Training.Losses;

namespace Dl4m.Tests.Nn;

/// <summary>
/// Parity of the categorical model with PyTorch 1.13 (fixtures by tools/make_categorical_fixture.py): LSTM → Dense
/// logits on one-hot input (our sparse first-layer path), CategoricalLoss with soft note targets (torch's
/// F.cross_entropy with class probabilities), bin cross-entropies or z-score squared errors, three Adam steps.
/// Same tolerance as the MSE parity tests: |ours − torch| ≤ 1e-5·max(1, |torch|) on every value.
/// </summary>
[Collection(KernelIsaCollection.Name)]
public sealed class CategoricalParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string, int, string> FixturesAndThreads()
    {
        var data = new TheoryData<string, int, string>();
        foreach (string name in CategoricalFixture.Names)
            foreach (int threads in new[] { 1, 2 })
                foreach (string isa in KernelIsaCollection.Paths())
                    data.Add(name, threads, isa);
        return data;
    }

    public static TheoryData<string> Fixtures() => new(CategoricalFixture.Names);

    [Theory]
    [MemberData(nameof(FixturesAndThreads))]
    public void Engine_and_categorical_loss_match_pytorch_over_three_adam_steps(string name, int threads, string isa)
    {
        using var path = KernelIsaCollection.Force(isa);
        var fixture = CategoricalFixture.Load(name);
        var torch = fixture.Torch;
        using var model = Model.Create(torch.Config, seed: 0);
        model.Threads = threads;
        foreach (var parameter in model.Parameters)
            torch.InitialWeights[parameter.Name].ToFloats().CopyTo(parameter.Data, 0);
        var loss = new CategoricalLoss(fixture.Encoding, fixture.NoteTable, threads);
        var parity = new AdamStepsParity(Tolerance);
        parity.Run(name, model, torch.Adam, torch.Input, torch.Target, torch.Steps, loss, (s, at) =>
        {
            var expected = fixture.Parts[s];
            var parts = loss.Combine();
            parity.Losses.Check($"{at} note cross-entropy", parts.MeanNoteCrossEntropy, expected["note_cross_entropy"]);
            parity.Losses.Check($"{at} note NLL", parts.MeanNoteNll, expected["note_nll"]);
            parity.Losses.Check($"{at} velocity", parts.MeanVelocity, expected["velocity"]);
            parity.Losses.Check($"{at} delta", parts.MeanDelta, expected["delta"]);
            parity.Losses.Check($"{at} duration", parts.MeanDuration, expected["duration"]);
        });
        parity.ReportAndAssert(output, $"{name}, {threads} thread(s), {isa}, vs PyTorch (float64):");
    }

    /// <summary>The fixture's conversion to our layout, proved by the independent double-precision forward pass.</summary>
    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_outputs_match_the_reference_forward_pass(string name)
    {
        var torch = CategoricalFixture.Load(name).Torch;
        var tolerance = new ParityTolerance(1e-6);
        for (int step = 0; step < torch.Steps.Count; step++)
        {
            var weights = torch.WeightsBefore(step).Select(w => new NamedTensor(w.Key, w.Value.Shape, w.Value.ToFloats())).ToList();
            double[] reference = ReferenceForward.Run(torch.Config, weights, torch.Input.ToFloats(), torch.Batch, torch.Time);
            tolerance.Check($"{name} step {step + 1} output", reference.Select(v => (float)v).ToArray(), torch.Steps[step].Output.Data);
        }
        tolerance.AssertAllWithin();
    }
}
