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
        var parity = new AdamStepsParity(Tolerance);
        parity.Run(name, network, fixture.Adam, fixture.Input, fixture.Target, fixture.Steps, MeanSquaredError.Instance);
        parity.ReportAndAssert(output, $"{name}, {threads} thread(s), {isa}, vs PyTorch (float64):");
    }
}
