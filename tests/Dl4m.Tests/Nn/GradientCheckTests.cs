using Dl4m.Nn;

namespace Dl4m.Tests.Nn;

[Collection(KernelIsaCollection.Name)]
public class GradientCheckTests
{
    private static ModelConfig Config(int input, params LayerConfig[] layers) => new() { InputSize = input, Layers = layers };

    private static void Run(ModelConfig config, int batch = 3, int steps = 4, int threads = 1)
    {
        using var model = Model.Create(config, seed: 7);
        model.Threads = threads;
        double worst = GradientCheck.Check(model, batch, steps, seed: 11);
        Assert.True(worst < GradientCheck.Relative);
    }

    [Fact]
    public void LstmLastStep() => Run(Config(3, LayerConfig.Lstm(5)));

    [Fact]
    public void LstmReturnSequences() => Run(Config(3, LayerConfig.Lstm(5, returnSequences: true)));

    [Theory]
    [InlineData(Activation.Linear)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Sigmoid)]
    public void DenseOnLastStep(Activation activation) =>
        Run(Config(3, LayerConfig.Lstm(4), LayerConfig.Dense(5, activation)));

    [Theory]
    [InlineData(Activation.Linear)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Sigmoid)]
    public void DenseOnSequence(Activation activation) =>
        Run(Config(2, LayerConfig.Dense(5, activation), LayerConfig.Lstm(3, returnSequences: true)));

    [Fact]
    public void StackedManyToOne() =>
        Run(Config(3, LayerConfig.Lstm(6, returnSequences: true), LayerConfig.Lstm(5), LayerConfig.Dense(4, Activation.Tanh), LayerConfig.Dense(3)));

    [Fact]
    public void StackedManyToMany() =>
        Run(Config(3, LayerConfig.Lstm(5, returnSequences: true), LayerConfig.Lstm(4, returnSequences: true), LayerConfig.Dense(3, Activation.Relu), LayerConfig.Dense(2)));

    [Fact]
    public void SeedModelTwoThreads() =>
        Run(Config(3, LayerConfig.Lstm(16), LayerConfig.Dense(8, Activation.Relu), LayerConfig.Dense(3)), batch: 5, steps: 3, threads: 2);

    [Fact]
    public void VectorisedSizes() =>
        Run(Config(3, LayerConfig.Lstm(16, returnSequences: true), LayerConfig.Dense(17, Activation.Tanh), LayerConfig.Dense(2)), batch: 6, steps: 3);

    /// <summary>
    /// Sizes that reach every loop of every path: LSTM(28) = 16 + 8 + 4 units, Dense(24) = 16 + 8
    /// columns, Dense(3) all tail, batch 7 = a 6-row tile + 1 (tanh, not relu: a relu kink near a
    /// sample defeats the finite differences).
    /// </summary>
    [Theory]
    [MemberData(nameof(KernelIsaCollection.Paths), MemberType = typeof(KernelIsaCollection))]
    public void EveryKernelPath(string isa)
    {
        using var path = KernelIsaCollection.Force(isa);
        Run(Config(3, LayerConfig.Lstm(28), LayerConfig.Dense(24, Activation.Tanh), LayerConfig.Dense(3)), batch: 7, steps: 3);
    }
}
