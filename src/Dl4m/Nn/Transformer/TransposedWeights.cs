namespace Dl4m.Nn.Transformer;

/// <summary>
/// Transposed copies of the weights, shared by the workers and refreshed once per call before they start: the relative
/// embeddings' Eᵀ (H,Dh,C) that the forward multiplies by, and the kernels' transposes that the backward multiplies
/// gradients by (dX = dY·Wᵀ as a plain row-major product; the GEMM streams rows of its right operand).
/// </summary>
internal sealed class TransposedWeights
{
    private readonly TransformerConfig config;
    private readonly TransformerWeights weights;

    public TransposedWeights(TransformerConfig config, TransformerWeights weights)
    {
        this.config = config;
        this.weights = weights;
        int d = config.Width, f = config.FeedForward, l = config.Layers;
        RelativeT = [.. Enumerable.Range(0, l).Select(_ => new float[config.Heads * config.HeadWidth * config.Context])];
        QkvT = [.. Enumerable.Range(0, l).Select(_ => new float[3 * d * d])];
        OutT = [.. Enumerable.Range(0, l).Select(_ => new float[d * d])];
        UpT = [.. Enumerable.Range(0, l).Select(_ => new float[f * d])];
        DownT = [.. Enumerable.Range(0, l).Select(_ => new float[d * f])];
        OutputT = new float[config.OutputSize * d];
    }

    public float[][] RelativeT { get; }  // per block (H,Dh,C)
    public float[][] QkvT { get; }       // per block (3D,D)
    public float[][] OutT { get; }       // per block (D,D)
    public float[][] UpT { get; }        // per block (FF,D)
    public float[][] DownT { get; }      // per block (D,FF)
    public float[] OutputT { get; }      // (O,D)

    /// <summary>Refreshes Eᵀ (always) and, when <paramref name="backward"/>, the kernels' transposes.</summary>
    public unsafe void Refresh(bool backward)
    {
        int d = config.Width, f = config.FeedForward, h = config.Heads, dh = config.HeadWidth, c = config.Context;
        for (int l = 0; l < config.Layers; l++)
        {
            var block = weights.Blocks[l];
            fixed (float* e = block.Relative.Data, eT = RelativeT[l])
                for (int head = 0; head < h; head++) RelativeAttention.Transpose(e + head * c * dh, eT + head * dh * c, c, dh);
            if (!backward) continue;
            Transpose(block.Qkv.Data, QkvT[l], d, 3 * d);
            Transpose(block.Out.Data, OutT[l], d, d);
            Transpose(block.Up.Data, UpT[l], d, f);
            Transpose(block.Down.Data, DownT[l], f, d);
        }
        if (backward) Transpose(weights.Output.Data, OutputT, d, config.OutputSize);
    }

    private static unsafe void Transpose(float[] src, float[] dst, int rows, int cols)
    {
        fixed (float* s = src, t = dst) RelativeAttention.Transpose(s, t, rows, cols);
    }
}
