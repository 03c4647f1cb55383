using System.Numerics.Tensors;

namespace Dl4m.Nn.Transformer;

/// <summary>
/// Layer normalisation over the last dimension, as torch.nn.LayerNorm (biased variance, ε 1e-5):
/// y = (x − mean)·rstd·gain + bias with rstd = 1/√(var + ε). The forward keeps mean and rstd per row; the backward
/// recomputes x̂ from the input, so no normalised copy is stored.
/// </summary>
internal static class LayerNorm
{
    public const float Epsilon = 1e-5f;

    /// <summary>y (R,D) = LN(x (R,D)); mean and rstd (R) kept for the backward.</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> mean, Span<float> rstd, int rows, int width)
    {
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * width, width);
            var yr = y.Slice(r * width, width);
            float m = TensorPrimitives.Sum(xr) / width;
            TensorPrimitives.Subtract(xr, m, yr);                     // x − mean
            float variance = TensorPrimitives.SumOfSquares(yr) / width;
            float s = 1f / MathF.Sqrt(variance + Epsilon);
            TensorPrimitives.Multiply(yr, s, yr);                     // x̂
            TensorPrimitives.FusedMultiplyAdd(yr, gain, bias, yr);    // x̂·gain + bias
            mean[r] = m;
            rstd[r] = s;
        }
    }

    /// <summary>
    /// From dy (R,D): dgain += Σ dy·x̂, dbias += Σ dy, and dx (R,D) = (or +=, <paramref name="accumulate"/>)
    /// rstd·(g − mean(g) − x̂·mean(g·x̂)) with g = dy·gain. <paramref name="scratch"/> holds 2·D floats.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, ReadOnlySpan<float> gain, ReadOnlySpan<float> mean,
        ReadOnlySpan<float> rstd, Span<float> dx, Span<float> dGain, Span<float> dBias, Span<float> scratch, int rows, int width, bool accumulate)
    {
        var xhat = scratch[..width];
        var g = scratch.Slice(width, width);
        for (int r = 0; r < rows; r++)
        {
            var dyr = dy.Slice(r * width, width);
            TensorPrimitives.Subtract(x.Slice(r * width, width), mean[r], xhat);
            TensorPrimitives.Multiply(xhat, rstd[r], xhat);
            TensorPrimitives.FusedMultiplyAdd(dyr, xhat, dGain, dGain);
            TensorPrimitives.Add(dBias, dyr, dBias);
            TensorPrimitives.Multiply(dyr, gain, g);
            float meanG = TensorPrimitives.Sum(g) / width;
            float meanGx = TensorPrimitives.Dot(g, xhat) / width;
            // dx = rstd·(g − meanG − x̂·meanGx)
            TensorPrimitives.MultiplyAdd(xhat, -meanGx, g, g);
            TensorPrimitives.Subtract(g, meanG, g);
            var dxr = dx.Slice(r * width, width);
            if (accumulate) TensorPrimitives.FusedMultiplyAdd(g, rstd[r], dxr, dxr);
            else TensorPrimitives.Multiply(g, rstd[r], dxr);
        }
    }
}
