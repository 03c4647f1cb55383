using System.Buffers;
using System.Numerics.Tensors;

namespace Dl4m.Nn;

/// <summary>
/// Cross-entropy of a softmax over one row of logits z, against a probability row q (soft target, Σq = 1) or a
/// class index c: loss = logΣexp(z) − Σ q·z (resp. − z_c), gradient d loss / d z = softmax(z) − q (resp. − onehot(c)).
/// The log-sum-exp subtracts the row's maximum first, so it never overflows. Vectorised by
/// <see cref="TensorPrimitives"/> (max, exp, sum, dot, fused multiply-add); allocates nothing. Thread-safe.
/// </summary>
public static class SoftmaxCrossEntropy
{
    /// <summary>Rows up to this width use stack scratch in the gradient-free calls; wider rows rent from the shared pool.</summary>
    private const int StackScratch = 1024;

    /// <summary>
    /// Soft-target cross-entropy of <paramref name="logits"/> against <paramref name="target"/> (same width, Σ = 1).
    /// Writes <paramref name="scale"/>·(softmax − q) into <paramref name="gradient"/> (same width) and returns the loss
    /// (unscaled).
    /// </summary>
    public static float Soft(ReadOnlySpan<float> logits, ReadOnlySpan<float> target, Span<float> gradient, float scale)
    {
        if (target.Length != logits.Length || gradient.Length != logits.Length)
            throw new ArgumentException($"soft cross-entropy: logits ({logits.Length}), target ({target.Length}) and gradient ({gradient.Length}) must have the same width");
        float logSumExp = Softmax(logits, gradient, scale);                     // gradient = scale·softmax
        TensorPrimitives.FusedMultiplyAdd(target, -scale, gradient, gradient);  // − scale·q
        return logSumExp - TensorPrimitives.Dot(target, logits);
    }

    /// <summary>
    /// Cross-entropy of <paramref name="logits"/> against class <paramref name="index"/>: writes
    /// <paramref name="scale"/>·(softmax − onehot) into <paramref name="gradient"/> and returns −log softmax_index (unscaled).
    /// </summary>
    public static float Index(ReadOnlySpan<float> logits, int index, Span<float> gradient, float scale)
    {
        if ((uint)index >= (uint)logits.Length) throw new ArgumentOutOfRangeException(nameof(index), $"class {index} is not one of the {logits.Length} logits");
        if (gradient.Length != logits.Length)
            throw new ArgumentException($"cross-entropy: logits ({logits.Length}) and gradient ({gradient.Length}) must have the same width");
        float logSumExp = Softmax(logits, gradient, scale);
        gradient[index] -= scale;
        return logSumExp - logits[index];
    }

    /// <summary>Soft-target cross-entropy without the gradient (validation).</summary>
    public static float Soft(ReadOnlySpan<float> logits, ReadOnlySpan<float> target)
    {
        if (target.Length != logits.Length)
            throw new ArgumentException($"soft cross-entropy: logits ({logits.Length}) and target ({target.Length}) must have the same width");
        return LogSumExp(logits) - TensorPrimitives.Dot(target, logits);
    }

    /// <summary>−log softmax(z)_index without the gradient (validation).</summary>
    public static float Index(ReadOnlySpan<float> logits, int index)
    {
        if ((uint)index >= (uint)logits.Length) throw new ArgumentOutOfRangeException(nameof(index), $"class {index} is not one of the {logits.Length} logits");
        return LogSumExp(logits) - logits[index];
    }

    /// <summary>log Σ exp(z), computed as max + log Σ exp(z − max).</summary>
    public static float LogSumExp(ReadOnlySpan<float> logits)
    {
        if (logits.IsEmpty) throw new ArgumentException("log-sum-exp of an empty row", nameof(logits));
        if (logits.Length <= StackScratch)
        {
            Span<float> scratch = stackalloc float[logits.Length];
            return Softmax(logits, scratch, 1f);
        }
        float[] rented = ArrayPool<float>.Shared.Rent(logits.Length);
        try
        {
            return Softmax(logits, rented.AsSpan(0, logits.Length), 1f);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>Writes <paramref name="scale"/>·softmax(z) into <paramref name="probabilities"/> and returns log Σ exp(z).</summary>
    public static float Softmax(ReadOnlySpan<float> logits, Span<float> probabilities, float scale)
    {
        float max = TensorPrimitives.Max(logits);
        TensorPrimitives.Subtract(logits, max, probabilities);
        TensorPrimitives.Exp(probabilities, probabilities);                     // exp(z − max) ∈ (0, 1]
        float sum = TensorPrimitives.Sum(probabilities);                        // ≥ 1: the max's own term
        TensorPrimitives.Multiply(probabilities, scale / sum, probabilities);
        return max + MathF.Log(sum);
    }
}
