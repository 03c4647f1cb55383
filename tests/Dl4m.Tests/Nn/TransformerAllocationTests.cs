using Dl4m.Nn;
using Dl4m.Nn.Transformer;

namespace Dl4m.Tests.Nn;

/// <summary>
/// A steady-state transformer training step (forward, MSE, backward, Adam), a forward pass and a cached generation step (fp32 and bf16
/// weights) allocate nothing on the managed heap; windows of 10 steps until one is clean, as <see cref="AllocationTests"/>.
/// </summary>
[Collection(nameof(AllocationTests))]
public class TransformerAllocationTests
{
    private static long CleanestWindow(Action step)
    {
        long least = long.MaxValue;
        for (int w = 0; w < 30 && least > 0; w++)
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
    public void Training_forward_and_cached_steps_allocate_nothing_after_warmup(int threads)
    {
        using var network = TransformerNetwork.Create(TransformerTests.Small with { Dropout = 0.1 }, seed: 1);
        network.Threads = threads;
        var adam = new Adam(network) { ClipNorm = 1f };
        var x = TransformerTests.MultiHot(4, 10, seed: 2);
        var target = new float[4 * 10 * network.OutputSize];
        var output = new float[target.Length];
        Assert.Equal(0, CleanestWindow(() =>
        {
            network.ComputeGradients(x, target, 4, 10, MeanSquaredError.Instance);
            adam.Step();
        }));
        Assert.Equal(0, CleanestWindow(() => network.Predict(x, 4, 10, output)));
        var cache = network.CreateCache();
        var logits = new float[network.OutputSize];
        Assert.Equal(0, CleanestWindow(() => network.Step(cache, x.AsSpan(0, network.InputSize), logits)));
        network.CachedWeights = CachedWeightFormat.Bf16;                     // packs again at the next step, then nothing
        var bf16 = network.CreateCache();
        Assert.Equal(0, CleanestWindow(() => network.Step(bf16, x.AsSpan(0, network.InputSize), logits)));
    }
}
