using Dl4m.Nn;

namespace Dl4m.Tests.Nn;

public class SoftmaxCrossEntropyTests
{
    private static float[] Random(int n, int seed, double spread)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2 - 1) * spread)).ToArray();
    }

    private static float[] Distribution(int n, int seed)
    {
        var random = new Random(seed);
        var q = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        double sum = q.Sum();
        return q.Select(v => (float)(v / sum)).ToArray();
    }

    /// <summary>−Σ q·log softmax(z) in double, the definition.</summary>
    private static double Reference(float[] z, float[] q)
    {
        double max = z.Max();
        double lse = max + Math.Log(z.Sum(v => Math.Exp(v - max)));
        return -z.Select((v, i) => q[i] * (v - lse)).Sum();
    }

    [Theory]
    [InlineData(1, 3.0)]
    [InlineData(7, 2.0)]
    [InlineData(17, 5.0)]    // 16 + 1: a vector and a tail
    [InlineData(128, 4.0)]
    [InlineData(211, 30.0)]  // large logits: the max is subtracted before exp
    public void Soft_loss_and_gradient_match_the_definition_and_finite_differences(int width, double spread)
    {
        float[] z = Random(width, width, spread), q = Distribution(width, width + 1);
        var gradient = new float[width];
        float loss = SoftmaxCrossEntropy.Soft(z, q, gradient, 0.5f);
        Assert.Equal(Reference(z, q), loss, 1e-5 * Math.Max(1, Math.Abs(loss)));
        Assert.Equal(loss, SoftmaxCrossEntropy.Soft(z, q), 1e-6);
        for (int i = 0; i < width; i++)
        {
            const float h = 1e-2f;
            float[] plus = (float[])z.Clone(), minus = (float[])z.Clone();
            plus[i] += h; minus[i] -= h;
            double numeric = 0.5 * (Reference(plus, q) - Reference(minus, q)) / (plus[i] - minus[i]);
            Assert.True(Math.Abs(numeric - gradient[i]) < 1e-5 + 1e-3 * Math.Abs(numeric), $"[{i}]: analytic {gradient[i]}, numeric {numeric}");
        }
    }

    [Theory]
    [InlineData(16, 0)]
    [InlineData(33, 32)]
    [InlineData(128, 60)]
    public void Index_target_is_the_soft_target_of_a_one_hot_row(int width, int index)
    {
        float[] z = Random(width, index, 4), oneHot = new float[width];
        oneHot[index] = 1;
        float[] soft = new float[width], hard = new float[width];
        float softLoss = SoftmaxCrossEntropy.Soft(z, oneHot, soft, 0.25f);
        float hardLoss = SoftmaxCrossEntropy.Index(z, index, hard, 0.25f);
        Assert.Equal(softLoss, hardLoss, 1e-6);
        Assert.Equal(hardLoss, SoftmaxCrossEntropy.Index(z, index), 1e-6);
        for (int i = 0; i < width; i++) Assert.Equal(soft[i], hard[i], 1e-7);
        Assert.Equal(0, hard.Sum(), 1e-6); // softmax − onehot sums to zero
    }

    [Fact]
    public void Log_sum_exp_never_overflows_and_softmax_sums_to_one()
    {
        float[] z = [1000f, 999f, -1000f];
        var p = new float[3];
        float lse = SoftmaxCrossEntropy.Softmax(z, p, 1f);
        Assert.Equal(1000 + Math.Log(1 + Math.Exp(-1)), lse, 1e-4);
        Assert.Equal(lse, SoftmaxCrossEntropy.LogSumExp(z));
        Assert.Equal(1f, p.Sum(), 1e-6);
        Assert.Throws<ArgumentOutOfRangeException>(() => SoftmaxCrossEntropy.Index(z, 3));
    }

    [Fact]
    public void Rows_wider_than_the_stack_scratch_give_the_same_log_sum_exp()
    {
        float[] z = Random(3000, 5, 8);
        double max = z.Max();
        double reference = max + Math.Log(z.Sum(v => Math.Exp(v - max)));
        Assert.Equal(reference, SoftmaxCrossEntropy.LogSumExp(z), 1e-5 * Math.Abs(reference));
        Assert.Equal(reference - z[17], SoftmaxCrossEntropy.Index(z, 17), 1e-4);
    }
}
