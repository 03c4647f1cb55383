using Dl4m.Nn;
using Xunit.Abstractions;

namespace Dl4m.Tests.Nn.Parity;

/// <summary>
/// The comparison every PyTorch parity test makes over a fixture's recorded Adam steps: for each step the output
/// (forward pass), the loss and every gradient (one training step), then every weight after our Adam's update, each
/// value within |ours − torch| ≤ tolerance·max(1, |torch|) (<see cref="ParityTolerance"/>); then one report line per
/// kind and the assertions.
/// </summary>
internal sealed class AdamStepsParity(double tolerance)
{
    public ParityTolerance Outputs { get; } = new(tolerance);
    public ParityTolerance Losses { get; } = new(tolerance);
    public ParityTolerance Gradients { get; } = new(tolerance);
    public ParityTolerance Weights { get; } = new(tolerance);

    /// <summary>
    /// Runs <paramref name="steps"/> on <paramref name="network"/> (holding the fixture's initial weights) with Adam set
    /// as the fixture's, comparing as above. <paramref name="afterLoss"/> (step index, label) checks what a loss records
    /// beside its value, before the update.
    /// </summary>
    public void Run(string name, INetwork network, FixtureAdam fixtureAdam, FixtureTensor input, FixtureTensor target,
        IReadOnlyList<FixtureStep> steps, IOutputLoss loss, Action<int, string>? afterLoss = null)
    {
        var adam = new Adam(network)
        {
            LearningRate = (float)fixtureAdam.Lr,
            Beta1 = (float)fixtureAdam.Beta1,
            Beta2 = (float)fixtureAdam.Beta2,
            Epsilon = (float)fixtureAdam.Eps,
        };
        float[] x = input.ToFloats(), y = target.ToFloats();
        int batch = input.Shape[0], time = input.Shape[1];
        for (int s = 0; s < steps.Count; s++)
        {
            var step = steps[s];
            string at = $"{name} step {s + 1}";
            var output = new float[step.Output.Data.Length]; // the network refuses a length other than its own
            network.Predict(x, batch, time, output);
            Outputs.Check($"{at} output", output, step.Output.Data);
            Losses.Check($"{at} loss", network.ComputeGradients(x, y, batch, time, loss, null), step.Loss);
            afterLoss?.Invoke(s, at);
            foreach (var gradient in network.Gradients)
                Gradients.Check($"{at} gradient {gradient.Name}", gradient.Data, step.Gradients[gradient.Name].Data);
            adam.Step();
            foreach (var parameter in network.Parameters)
                Weights.Check($"{at} weights after {parameter.Name}", parameter.Data, step.WeightsAfter[parameter.Name].Data);
        }
    }

    /// <summary>One line per kind under <paramref name="header"/>, then every kind asserted within the tolerance.</summary>
    public void ReportAndAssert(ITestOutputHelper output, string header) =>
        ParityTolerance.ReportAndAssert(output, header, ("outputs", Outputs), ("losses", Losses), ("gradients", Gradients), ("weights", Weights));
}
