using System.Numerics;

namespace Dl4m.Nn;

/// <summary>
/// Adam with Keras' defaults (learning rate 0.001, β1 0.9, β2 0.999, ε 1e-7), applied to any list of parameter tensors
/// from a matching list of gradients: a network's <see cref="INetwork.Parameters"/> and <see cref="INetwork.Gradients"/>.
/// <para>
/// Update formula: PyTorch's (torch.optim.Adam, 1.13), step t counted from 1:
/// m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
/// p ← p − (lr / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + ε).
/// Keras/TF instead folds both corrections into the rate and adds ε to √v unscaled:
/// p ← p − lr·√(1−β2ᵗ)/(1−β1ᵗ) · m / (√v + ε), i.e. its ε is effectively ε·√(1−β2ᵗ) in PyTorch's
/// form. The two differ only while √v is comparable to ε; we follow PyTorch so the parity test
/// against torch (eps = 1e-7) can be exact. Bias corrections are computed in double, the rest in float.
/// </para>
/// </summary>
public sealed class Adam
{
    private readonly IReadOnlyList<NamedTensor> parameters, gradients;
    private readonly float[][] m, v;

    /// <summary>An optimizer for <paramref name="network"/>'s parameters, with zero moment estimates.</summary>
    public Adam(INetwork network) : this(network.Parameters, network.Gradients)
    {
    }

    /// <summary>
    /// An optimizer for <paramref name="parameters"/>, updated from <paramref name="gradients"/> (same count, sizes and
    /// order; the lists are read at every step, so they must keep referring to the live tensors), with zero moments.
    /// </summary>
    public Adam(IReadOnlyList<NamedTensor> parameters, IReadOnlyList<NamedTensor> gradients)
    {
        if (parameters.Count != gradients.Count || parameters.Zip(gradients).Any(p => p.First.Data.Length != p.Second.Data.Length))
            throw new ArgumentException("every parameter tensor needs a gradient tensor of its size, in the same order", nameof(gradients));
        this.parameters = parameters;
        this.gradients = gradients;
        m = [.. parameters.Select(p => new float[p.Data.Length])];
        v = [.. parameters.Select(p => new float[p.Data.Length])];
    }

    /// <summary>Step size (Keras default 0.001).</summary>
    public float LearningRate { get; set; } = 0.001f;

    /// <summary>Decay of the first moment (0.9).</summary>
    public float Beta1 { get; set; } = 0.9f;

    /// <summary>Decay of the second moment (0.999).</summary>
    public float Beta2 { get; set; } = 0.999f;

    /// <summary>Added to the bias-corrected √v (Keras' default 1e-7; PyTorch's is 1e-8).</summary>
    public float Epsilon { get; set; } = 1e-7f;

    /// <summary>
    /// When set, gradients whose global L2 norm (over all tensors) exceeds it are scaled by
    /// ClipNorm / (norm + 1e-6) before the update, as torch.nn.utils.clip_grad_norm_ does
    /// (Keras' global_clipnorm uses ClipNorm / norm; the difference is below 1e-6 relative).
    /// </summary>
    public float? ClipNorm { get; set; }

    /// <summary>Updates taken so far.</summary>
    public int StepCount { get; private set; }

    /// <summary>First-moment estimates m, one array per parameter tensor, in parameter order (for checkpoints).</summary>
    public IReadOnlyList<float[]> FirstMoments => m;

    /// <summary>Second-moment estimates v, one array per parameter tensor, in parameter order (for checkpoints).</summary>
    public IReadOnlyList<float[]> SecondMoments => v;

    /// <summary>
    /// Restores a saved state (moments copied in, step count set), so training resumed from a checkpoint
    /// continues bit-identically. Throws when the shapes do not match this model's tensors.
    /// </summary>
    public void Restore(int stepCount, IReadOnlyList<float[]> firstMoments, IReadOnlyList<float[]> secondMoments)
    {
        if (stepCount < 0) throw new Dl4mException($"Adam state: step count {stepCount} is negative");
        if (firstMoments.Count != m.Length || secondMoments.Count != v.Length)
            throw new Dl4mException($"Adam state has {firstMoments.Count}/{secondMoments.Count} moment tensors, the model has {m.Length}");
        for (int t = 0; t < m.Length; t++)
        {
            if (firstMoments[t].Length != m[t].Length || secondMoments[t].Length != v[t].Length)
                throw new Dl4mException($"Adam state: moments of {parameters[t].Name} have the wrong size");
            firstMoments[t].CopyTo(m[t], 0);
            secondMoments[t].CopyTo(v[t], 0);
        }
        StepCount = stepCount;
    }

    /// <summary>Global L2 norm of the gradients before clipping, from the last <see cref="Step"/>.</summary>
    public double LastGradientNorm { get; private set; }

    /// <summary>Applies one update from the model's current gradients (clipping them first if <see cref="ClipNorm"/> is set).</summary>
    public void Step()
    {
        double squares = 0;
        for (int t = 0; t < gradients.Count; t++)
            foreach (float x in gradients[t].Data) squares += (double)x * x;
        LastGradientNorm = Math.Sqrt(squares);
        float clip = 1f;
        if (ClipNorm is float maxNorm && LastGradientNorm > maxNorm)
            clip = (float)(maxNorm / (LastGradientNorm + 1e-6));

        StepCount++;
        double correction1 = 1 - Math.Pow(Beta1, StepCount);
        double correction2 = 1 - Math.Pow(Beta2, StepCount);
        float stepSize = (float)(LearningRate / correction1);
        float sqrtCorrection2 = (float)Math.Sqrt(correction2);
        float b1 = Beta1, b2 = Beta2, eps = Epsilon;
        for (int t = 0; t < parameters.Count; t++)
            Update(parameters[t].Data, gradients[t].Data, m[t], v[t], clip, b1, b2, eps, stepSize, sqrtCorrection2);
    }

    /// <summary>
    /// The element-wise update, a vector at a time: the same IEEE operations in the same order as the scalar
    /// loop for the tail (multiply, add, square root, divide: no fused multiply-add), so every element gets
    /// bit-for-bit the scalar result whatever the vector width.
    /// </summary>
    private static void Update(float[] p, float[] g, float[] mt, float[] vt, float clip, float b1, float b2, float eps, float stepSize, float sqrtCorrection2)
    {
        int i = 0, lanes = Vector<float>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            var vb1 = new Vector<float>(b1);
            var va1 = new Vector<float>(1 - b1);
            var vb2 = new Vector<float>(b2);
            var va2 = new Vector<float>(1 - b2);
            var vclip = new Vector<float>(clip);
            var veps = new Vector<float>(eps);
            var vstep = new Vector<float>(stepSize);
            var vcorr = new Vector<float>(sqrtCorrection2);
            for (; i + lanes <= p.Length; i += lanes)
            {
                var gi = new Vector<float>(g, i) * vclip;
                var mi = vb1 * new Vector<float>(mt, i) + va1 * gi;
                var vi = vb2 * new Vector<float>(vt, i) + va2 * gi * gi;
                var denominator = Vector.SquareRoot(vi) / vcorr + veps;
                (new Vector<float>(p, i) - vstep * (mi / denominator)).CopyTo(p, i);
                mi.CopyTo(mt, i);
                vi.CopyTo(vt, i);
            }
        }
        for (; i < p.Length; i++)
        {
            float gi = g[i] * clip;
            mt[i] = b1 * mt[i] + (1 - b1) * gi;
            vt[i] = b2 * vt[i] + (1 - b2) * gi * gi;
            float denominator = MathF.Sqrt(vt[i]) / sqrtCorrection2 + eps;
            p[i] -= stepSize * (mt[i] / denominator);
        }
    }
}
