using Dl4m.Nn.Transformer;

namespace Dl4m.Tests.Nn;

/// <summary>
/// A cached step split over threads (each a share of every product's columns and of the heads) gives bit-identical
/// logits to the one-thread step, on every kernel path, past the context too (the ring wraps), for a shape whose head
/// bounds fall on multiples of 16 columns (parts meet once less) and for one whose do not (Dh 8), with column counts
/// that leave vector and scalar tails.
/// </summary>
[Collection(KernelIsaCollection.Name)]
public sealed class TransformerCacheThreadTests
{
    private static readonly TransformerConfig Aligned = new()
    {
        InputSize = 24, OutputSize = 37, Width = 64, Heads = 4, Layers = 2, FeedForward = 72, Context = 7,
    };

    public static TheoryData<string> Paths() => KernelIsaCollection.Paths();

    [Theory]
    [MemberData(nameof(Paths))]
    public void Cached_steps_are_bit_identical_for_every_thread_count(string isa)
    {
        using var _ = KernelIsaCollection.Force(isa);
        foreach (var config in new[] { Aligned, TransformerTests.Small with { Context = 7 } })
        {
            var x = TransformerTests.MultiHot(1, 16, seed: 21);
            var one = Steps(config, threads: 1, x);
            foreach (int threads in new[] { 2, 3, 4 })
                Assert.Equal(one, Steps(config, threads, x));
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Bf16_cached_steps_are_the_same_for_every_thread_count_and_close_to_fp32(string isa)
    {
        var x = TransformerTests.MultiHot(1, 16, seed: 26);
        var fp32 = Steps(Aligned, threads: 1, x);
        float[] one;
        using (KernelIsaCollection.Force(isa))
        {
            one = Steps(Aligned, threads: 1, x, CachedWeightFormat.Bf16);
            Assert.Equal(one, Steps(Aligned, threads: 2, x, CachedWeightFormat.Bf16));
            Assert.Equal(one, Steps(Aligned, threads: 3, x, CachedWeightFormat.Bf16));
        }
        double worst = 0, scale = 0;
        for (int i = 0; i < fp32.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(one[i] - fp32[i]));
            scale = Math.Max(scale, Math.Abs(fp32[i]));
        }
        Assert.True(worst > 0, "bf16 weights should round something");
        Assert.True(worst < 0.02 * scale, $"bf16 vs fp32: worst logit error {worst:E2} of logits up to {scale:E2}");
    }

    [Fact]
    public void A_cache_follows_a_change_of_thread_count_between_steps()
    {
        var x = TransformerTests.MultiHot(1, 10, seed: 22);
        var expected = Steps(Aligned, threads: 1, x);
        using var network = TransformerNetwork.Create(Aligned, seed: 23);
        var cache = network.CreateCache();
        var logits = new float[Aligned.OutputSize];
        var all = new float[10 * Aligned.OutputSize];
        for (int t = 0; t < 10; t++)
        {
            network.Threads = 1 + t % 2;
            cache.Step(x.AsSpan(t * 24, 24), logits);
            logits.CopyTo(all, t * Aligned.OutputSize);
        }
        Assert.Equal(expected, all);
    }

    [Fact]
    public void A_cache_made_after_the_weights_change_steps_with_the_new_weights()
    {
        using var network = TransformerNetwork.Create(Aligned, seed: 24);
        network.Threads = 2;
        var x = TransformerTests.MultiHot(1, 3, seed: 25);
        var logits = new float[Aligned.OutputSize];
        network.CreateCache().Step(x.AsSpan(0, 24), logits);          // packs the weights as they are
        foreach (var p in network.Parameters) for (int i = 0; i < p.Data.Length; i++) p.Data[i] *= 0.5f;
        var cache = network.CreateCache();
        for (int t = 0; t < 3; t++) cache.Step(x.AsSpan(t * 24, 24), logits);
        var full = network.Predict(x, 1, 3);
        for (int o = 0; o < Aligned.OutputSize; o++)
            Assert.True(Math.Abs(logits[o] - full[2 * Aligned.OutputSize + o]) < 1e-5, $"output {o}: {logits[o]} vs {full[2 * Aligned.OutputSize + o]}");
    }

    private static float[] Steps(TransformerConfig config, int threads, float[] x, CachedWeightFormat weights = CachedWeightFormat.Fp32)
    {
        using var network = TransformerNetwork.Create(config, seed: 23);
        network.Threads = threads;
        network.CachedWeights = weights;
        var cache = network.CreateCache();
        int steps = x.Length / 24;
        var logits = new float[config.OutputSize];
        var all = new float[steps * config.OutputSize];
        for (int t = 0; t < steps; t++)
        {
            cache.Step(x.AsSpan(t * 24, 24), logits);
            logits.CopyTo(all, t * config.OutputSize);
        }
        return all;
    }
}
