using Dl4m.Nn;

namespace Dl4m.Tests.Nn;

/// <summary>
/// Runs alone: GC.GetTotalAllocatedBytes counts every thread (our workers included), so tests
/// running in parallel would be counted too.
/// </summary>
[CollectionDefinition(nameof(AllocationTests), DisableParallelization = true)]
public class AllocationTestsCollection;

/// <summary>A steady-state training step and a generation step allocate nothing on the managed heap (not a timing test).</summary>
[Collection(nameof(AllocationTests))]
public class AllocationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TrainingStepAllocatesNothingAfterWarmup(int threads)
    {
        using var model = Model.Create(ModelConfig.Seed, seed: 1);
        model.Threads = threads;
        var adam = new Adam(model) { ClipNorm = 1f };
        var (input, target) = GradientCheck.RandomBatch(model, 8, 6, seed: 2);
        for (int i = 0; i < 3; i++)
        {
            model.ComputeGradients(input, target, 8, 6);
            adam.Step();
        }
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < 10; i++)
        {
            model.ComputeGradients(input, target, 8, 6);
            adam.Step();
        }
        long forward = GC.GetTotalAllocatedBytes(precise: true);
        var output = new float[model.OutputLength(8, 6)];
        long afterOutput = GC.GetTotalAllocatedBytes(precise: true);
        model.Predict(input, 8, 6, output);
        long after = GC.GetTotalAllocatedBytes(precise: true);
        Assert.Equal(0, forward - before);
        Assert.Equal(0, after - afterOutput);
    }

    [Fact]
    public void GenerationStepAllocatesNothing()
    {
        using var model = Model.Create(ModelConfig.Seed, seed: 1);
        var state = model.CreateState();
        float[] x = [0.1f, 0.2f, 0.3f], y = new float[3];
        model.Step(state, x, y);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) model.Step(state, x, y);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
