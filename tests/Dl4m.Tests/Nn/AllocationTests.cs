using Dl4m.Nn;

namespace Dl4m.Tests.Nn;

/// <summary>
/// A steady-state training step and a generation step allocate nothing on the managed heap (not a
/// timing test). The runtime itself may allocate now and then (tiered JIT recompiling hot methods in
/// the background), so the check measures windows of 10 steps until one is clean: code that allocated
/// per step could never produce a clean window.
/// </summary>
[Collection(nameof(AllocationTests))]
public class AllocationTests
{
    private const int Windows = 30;

    private static long CleanestWindow(Action step)
    {
        long least = long.MaxValue;
        for (int w = 0; w < Windows && least > 0; w++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < 10; i++) step();
            least = Math.Min(least, GC.GetTotalAllocatedBytes(precise: true) - before);
        }
        return least;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TrainingStepAllocatesNothingAfterWarmup(int threads)
    {
        using var model = Model.Create(ModelConfig.Seed, seed: 1);
        model.Threads = threads;
        var adam = new Adam(model) { ClipNorm = 1f };
        var (input, target) = GradientCheck.RandomBatch(model, 8, 6, seed: 2);
        var output = new float[model.OutputLength(8, 6)];
        Assert.Equal(0, CleanestWindow(() =>
        {
            model.ComputeGradients(input, target, 8, 6);
            adam.Step();
        }));
        Assert.Equal(0, CleanestWindow(() => model.Predict(input, 8, 6, output)));
    }

    /// <summary>The categorical path: one-hot input (the sparse first-layer path), compact targets, CategoricalLoss, Measure.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void CategoricalTrainingStepAllocatesNothingAfterWarmup(int threads)
    {
        var encoding = Training.CategoricalTestEncodings.Default();
        using var model = Model.Create(new ModelConfig { InputSize = encoding.InputSize, Layers = [LayerConfig.Lstm(16, true), LayerConfig.Dense(encoding.OutputSize)] }, seed: 1);
        model.Threads = threads;
        var adam = new Adam(model);
        var loss = new Dl4m.Training.Losses.CategoricalLoss(encoding, 0.1, 0.05, threads);
        var input = Training.CategoricalTestEncodings.RandomInput(encoding, 4, 5, seed: 2);
        var target = Training.CategoricalTestEncodings.RandomTargets(encoding, 20, new Random(3));
        var output = new float[model.OutputLength(4, 5)];
        var sums = default(Dl4m.Training.Losses.CategoricalLossParts);
        Assert.Equal(0, CleanestWindow(() =>
        {
            model.ComputeGradients(input, target, 4, 5, loss);
            sums.Add(loss.Combine());
            adam.Step();
        }));
        Assert.Equal(0, CleanestWindow(() =>
        {
            model.Predict(input, 4, 5, output);
            loss.Measure(output, target, 20, ref sums);
        }));
        var state = model.CreateState();
        var y = new float[encoding.OutputSize];
        Assert.Equal(0, CleanestWindow(() => model.Step(state, input.AsSpan(0, encoding.InputSize), y))); // the sparse step
    }

    [Fact]
    public void GenerationStepAllocatesNothing()
    {
        using var model = Model.Create(ModelConfig.Seed, seed: 1);
        var state = model.CreateState();
        float[] x = [0.1f, 0.2f, 0.3f], y = new float[3];
        Assert.Equal(0, CleanestWindow(() => model.Step(state, x, y)));
    }
}
