namespace Dl4m.Nn.Transformer;

/// <summary>
/// How a cached generation step stores the kernels it multiplies by (<see cref="TransformerNetwork.CachedWeights"/>).
/// Training, <see cref="TransformerNetwork.Predict(ReadOnlySpan{float}, int, int)"/> and saved models always use fp32.
/// </summary>
public enum CachedWeightFormat
{
    /// <summary>The weights as they are (the default): a step equals the full forward pass.</summary>
    Fp32,

    /// <summary>
    /// bfloat16 copies (fp32 rounded to 8 significant bits, accumulated in fp32): half the bytes per step, so the
    /// default shape's kernels fit one core's L2. Logits differ from fp32 by the rounding (docs/transformer.md gives
    /// the measured error and how often the most likely note changes); only when asked for.
    /// </summary>
    Bf16,
}
