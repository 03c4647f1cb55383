using Dl4m.Evaluation;

namespace Dl4m.Tests.Evaluation;

public sealed class DistributionOverlapTests
{
    private static double[] Spread(int n, double offset, double scale) =>
        Enumerable.Range(0, n).Select(i => offset + scale * Math.Sin(i * 12.9898) * 0.5).ToArray();

    [Fact]
    public void Identical_samples_overlap_fully_with_no_divergence()
    {
        var a = Spread(500, 1, 1);
        var (oa, kl) = DistributionOverlap.Compare(a, a)!.Value;
        Assert.True(oa > 0.99, $"OA {oa}");
        Assert.True(kl < 1e-9, $"KL {kl}");
    }

    [Fact]
    public void Distant_samples_barely_overlap_and_diverge()
    {
        var (oa, kl) = DistributionOverlap.Compare(Spread(300, 0, 1), Spread(300, 20, 1))!.Value;
        Assert.True(oa < 0.01, $"OA {oa}");
        Assert.True(kl > 5, $"KL {kl}");
    }

    [Fact]
    public void Partial_overlap_lies_between_and_is_deterministic()
    {
        var a = Spread(400, 0, 2);
        var b = Spread(400, 1, 2);
        var first = DistributionOverlap.Compare(a, b)!.Value;
        Assert.InRange(first.OverlapArea, 0.2, 0.9);
        Assert.Equal(first, DistributionOverlap.Compare(a, b)!.Value);
    }

    [Fact]
    public void Constant_samples_get_a_floor_bandwidth_instead_of_dividing_by_zero()
    {
        var zeros = new double[50];
        var (oa, kl) = DistributionOverlap.Compare(zeros, zeros)!.Value;
        Assert.True(oa > 0.99 && double.IsFinite(kl));
        var (apart, _) = DistributionOverlap.Compare(zeros, Enumerable.Repeat(1.0, 50).ToArray())!.Value;
        Assert.True(apart < 0.01);
        Assert.Null(DistributionOverlap.Compare([1.0], zeros));
    }

    [Fact]
    public void Pair_distances_are_complete_below_the_cap_and_a_fixed_sample_above()
    {
        Assert.Equal([1.0, 3, 2], PairDistances.Intra([0.0, 1, 3]));
        Assert.Equal([2.0, 1], PairDistances.Inter([1.0], [3.0, 0]));
        var many = Enumerable.Range(0, 1000).Select(i => (double)i).ToList(); // 499,500 pairs
        var sample = PairDistances.Intra(many);
        Assert.Equal(PairDistances.MaxPairs, sample.Length);
        Assert.Equal(sample, PairDistances.Intra(many));
        Assert.DoesNotContain(0.0, sample); // distinct partners only
        Assert.InRange(sample.Average(), 320, 346); // the mean |i − j| over all pairs is 333.7
        Assert.True(PairDistances.IsSampled(1000));
    }

    [Fact]
    public void Silverman_bandwidth_uses_the_smaller_of_sigma_and_iqr()
    {
        double[] x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100];
        double sigma = Math.Sqrt(x.Select(v => (v - x.Average()) * (v - x.Average())).Sum() / 9);
        double iqr = GaussianKde.Quantile([.. x.Order()], 0.75) - GaussianKde.Quantile([.. x.Order()], 0.25);
        Assert.Equal(0.9 * Math.Min(sigma, iqr / 1.34) * Math.Pow(10, -0.2), GaussianKde.SilvermanBandwidth(x), 12);
    }
}
