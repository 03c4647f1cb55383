using System.Runtime.Intrinsics;
using Dl4m.Nn.Kernels;

namespace Dl4m.Tests.Nn;

public class FastMathTests
{
    private static void Sweep(Func<Vector512<float>, Vector512<float>> fast, Func<double, double> exact, double from, double to, double relative)
    {
        if (!Vector512.IsHardwareAccelerated) return; // the scalar fallback uses MathF directly
        Sweep(16, (lanes, result) => fast(Vector512.Create<float>(lanes)).CopyTo(result), exact, from, to, relative);
    }

    /// <summary>The 8-lane versions (AVX2 path and AVX-512 tails), with AVX's 12-bit reciprocal estimate.</summary>
    private static void Sweep256(Func<Vector256<float>, Vector256<float>> fast, Func<double, double> exact, double from, double to, double relative)
    {
        if (!Vector256.IsHardwareAccelerated) return; // the scalar fallback uses MathF directly
        Sweep(8, (lanes, result) => fast(Vector256.Create<float>(lanes)).CopyTo(result), exact, from, to, relative);
    }

    /// <summary>Worst relative error of <paramref name="fast"/> over 200,000 points of [from, to), <paramref name="width"/> lanes at a time.</summary>
    private static void Sweep(int width, Action<float[], float[]> fast, Func<double, double> exact, double from, double to, double relative)
    {
        var input = new float[width];
        var result = new float[width];
        int points = 200_000;
        double worst = 0, worstAt = 0;
        for (int n = 0; n < points; n += width)
        {
            for (int l = 0; l < width; l++) input[l] = (float)(from + (to - from) * (n + l) / points);
            fast(input, result);
            for (int l = 0; l < width; l++)
            {
                double want = exact(input[l]);
                double error = Math.Abs(result[l] - want) / Math.Max(Math.Abs(want), 1e-30);
                if (error > worst) (worst, worstAt) = (error, input[l]);
            }
        }
        Assert.True(worst < relative, $"{width} lanes: worst relative error {worst:G3} at x = {worstAt}");
    }

    [Fact]
    public void ExpIsAccurate()
    {
        Sweep(FastMath.Exp, Math.Exp, -87, 88, 3e-7);
        Sweep256(FastMath.Exp, Math.Exp, -87, 88, 3e-7);
    }

    [Fact]
    public void SigmoidIsAccurate()
    {
        Sweep(FastMath.Sigmoid, x => 1 / (1 + Math.Exp(-x)), -30, 30, 5e-7);
        Sweep256(FastMath.Sigmoid, x => 1 / (1 + Math.Exp(-x)), -30, 30, 5e-7);
    }

    [Fact]
    public void TanhIsAccurateIncludingNearZero()
    {
        Sweep(FastMath.Tanh, Math.Tanh, -20, 20, 1e-6);
        Sweep(FastMath.Tanh, Math.Tanh, -0.01, 0.01, 1e-6);
        Sweep(FastMath.Tanh, Math.Tanh, 0.35, 0.45, 1e-6);
        Sweep256(FastMath.Tanh, Math.Tanh, -20, 20, 1e-6);
        Sweep256(FastMath.Tanh, Math.Tanh, -0.01, 0.01, 1e-6);
        Sweep256(FastMath.Tanh, Math.Tanh, 0.35, 0.45, 1e-6);
    }
}
