using Dl4m.Generation.Sampling;
using Xunit;

namespace Dl4m.Tests.Generation.Sampling;

public sealed class ClassSamplerTests
{
    // softmax of these is 0.5, 0.3, 0.15, 0.05 (logits are their logarithms)
    private static readonly float[] Quarters = [MathF.Log(0.5f), MathF.Log(0.3f), MathF.Log(0.15f), MathF.Log(0.05f)];

    private static float[] RandomLogits(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 6 - 3)).ToArray();
    }

    private static int[] Counts(float[] logits, SamplingSettings settings, int draws, int seed = 1)
    {
        var sampler = new ClassSampler(logits.Length);
        var random = new Random(seed);
        var counts = new int[logits.Length];
        for (int i = 0; i < draws; i++) counts[sampler.Sample(logits, settings, random)]++;
        return counts;
    }

    private static double[] Softmax(float[] logits, double temperature)
    {
        double max = logits.Max();
        var w = logits.Select(l => Math.Exp((l - max) / temperature)).ToArray();
        double sum = w.Sum();
        return w.Select(x => x / sum).ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TopKOneAndTemperatureZeroOrTinyAreTheArgMax(int seed)
    {
        var logits = RandomLogits(128, seed);
        int argmax = Array.IndexOf(logits, logits.Max());
        Assert.Equal(argmax, ClassSampler.ArgMax(logits));
        foreach (var settings in new[] { new SamplingSettings(1.0, TopK: 1), new SamplingSettings(0), new SamplingSettings(1e-4), new SamplingSettings(3, TopP: 1e-6) })
            Assert.All(Counts(logits, settings, 200), (c, i) => Assert.Equal(i == argmax ? 200 : 0, c));
    }

    [Theory]
    [InlineData(0.5, 1)]  // 0.5 ≥ 0.5: the first class alone
    [InlineData(0.7, 2)]  // 0.5 < 0.7 ≤ 0.8
    [InlineData(0.8, 2)]
    [InlineData(0.81, 3)]
    [InlineData(0.96, 4)]
    public void TopPKeepsTheSmallestMostLikelySetWithEnoughMass(double p, int kept)
    {
        var counts = Counts(Quarters, new SamplingSettings(1, TopP: p), 20_000);
        for (int i = 0; i < 4; i++)
            if (i < kept) Assert.True(counts[i] > 0, $"class {i} should be drawn with top-p {p}");
            else Assert.Equal(0, counts[i]);
        // within the kept set, draws follow the renormalised probabilities
        double mass = new[] { 0.5, 0.3, 0.15, 0.05 }.Take(kept).Sum();
        Assert.InRange(counts[0] / 20_000.0, 0.5 / mass - 0.015, 0.5 / mass + 0.015);
    }

    [Fact]
    public void TopKThenTopPOfWhatTopKKept()
    {
        // top-k 3 keeps 0.5, 0.3, 0.15 (mass 0.95); top-p 0.8 of that is 0.76: classes 0 and 1 (0.8 ≥ 0.76)
        var counts = Counts(Quarters, new SamplingSettings(1, TopK: 3, TopP: 0.8), 10_000);
        Assert.True(counts[0] > 0 && counts[1] > 0);
        Assert.Equal(0, counts[2]);
        Assert.Equal(0, counts[3]);
        counts = Counts(Quarters, new SamplingSettings(1, TopK: 2), 10_000);
        Assert.Equal(0, counts[2] + counts[3]);
        Assert.InRange(counts[0] / 10_000.0, 0.625 - 0.02, 0.625 + 0.02); // 0.5 / 0.8
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void DrawsFollowTheSoftmaxAtTheTemperature(double temperature)
    {
        var logits = RandomLogits(6, 11);
        const int draws = 100_000;
        var counts = Counts(logits, new SamplingSettings(temperature), draws, seed: 5);
        var expected = Softmax(logits, temperature);
        for (int i = 0; i < logits.Length; i++)
            Assert.InRange(counts[i] / (double)draws, expected[i] - 0.01, expected[i] + 0.01); // > 5 standard errors
    }

    [Fact]
    public void SameSeedSameDrawsAndImpossibleClassesNeverDrawn()
    {
        float[] logits = [1, float.NegativeInfinity, 2, float.NaN, 0.5f];
        var a = new ClassSampler(8);
        var b = new ClassSampler(8);
        var ra = new Random(42);
        var rb = new Random(42);
        var settings = new SamplingSettings(1.5, TopP: 0.95);
        for (int i = 0; i < 2000; i++)
        {
            int x = a.Sample(logits, settings, ra);
            Assert.Equal(x, b.Sample(logits, settings, rb));
            Assert.NotEqual(1, x);
            Assert.NotEqual(3, x);
        }
        Assert.Equal(2, ClassSampler.ArgMax(logits));
        Assert.Equal(0, ClassSampler.ArgMax([float.NaN, float.NaN]));
    }

    [Fact]
    public void DrawingAllocatesNothing()
    {
        var logits = RandomLogits(128, 3);
        var sampler = new ClassSampler(128);
        var random = new Random(1);
        var nucleus = new SamplingSettings(0.9, TopK: 40, TopP: 0.9);
        var plain = new SamplingSettings(1.2);
        sampler.Sample(logits, nucleus, random); // JIT first
        sampler.Sample(logits, plain, random);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            sampler.Sample(logits, nucleus, random);
            sampler.Sample(logits, plain, random);
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void LogSoftmaxIsNormalisedAndMatchesTheSoftmax()
    {
        var logits = RandomLogits(10, 9);
        var logp = new double[10];
        ClassSampler.LogSoftmax(logits, logp);
        Assert.Equal(1.0, logp.Sum(Math.Exp), 1e-9);
        var p = Softmax(logits, 1);
        for (int i = 0; i < 10; i++) Assert.Equal(Math.Log(p[i]), logp[i], 1e-6);
    }

    [Fact]
    public void SettingsOutOfRangeNameTheOption()
    {
        Assert.Contains("GenerationOptions.TopP", Assert.Throws<Dl4mException>(() => new SamplingSettings(1, TopP: 0).Validate()).Message);
        Assert.Contains("GenerationOptions.TopK", Assert.Throws<Dl4mException>(() => new SamplingSettings(1, TopK: -1).Validate()).Message);
        Assert.Contains("GenerationOptions.Temperature", Assert.Throws<Dl4mException>(() => new SamplingSettings(-1).Validate()).Message);
    }
}
