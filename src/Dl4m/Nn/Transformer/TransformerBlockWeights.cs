namespace Dl4m.Nn.Transformer;

/// <summary>One block's tensors (weights, or their gradients: same names and shapes), in file order.</summary>
internal sealed class TransformerBlockWeights
{
    public TransformerBlockWeights(TransformerConfig config, int index)
    {
        int d = config.Width, f = config.FeedForward;
        string p = $"block_{index + 1}/";
        Norm1Gain = Tensor(p + "norm_1/gain", d);
        Norm1Bias = Tensor(p + "norm_1/bias", d);
        Qkv = Tensor(p + "attention/qkv_kernel", d, 3 * d);
        QkvBias = Tensor(p + "attention/qkv_bias", 3 * d);
        Relative = Tensor(p + "attention/relative", config.Heads, config.Context, config.HeadWidth);
        Out = Tensor(p + "attention/out_kernel", d, d);
        OutBias = Tensor(p + "attention/out_bias", d);
        Norm2Gain = Tensor(p + "norm_2/gain", d);
        Norm2Bias = Tensor(p + "norm_2/bias", d);
        Up = Tensor(p + "feed_forward/up_kernel", d, f);
        UpBias = Tensor(p + "feed_forward/up_bias", f);
        Down = Tensor(p + "feed_forward/down_kernel", f, d);
        DownBias = Tensor(p + "feed_forward/down_bias", d);
        All = [Norm1Gain, Norm1Bias, Qkv, QkvBias, Relative, Out, OutBias, Norm2Gain, Norm2Bias, Up, UpBias, Down, DownBias];
    }

    public NamedTensor Norm1Gain { get; }     // (D)
    public NamedTensor Norm1Bias { get; }     // (D)
    public NamedTensor Qkv { get; }           // (D,3D): columns [Q | K | V], head h at h·Dh … (h+1)·Dh of each
    public NamedTensor QkvBias { get; }       // (3D)
    public NamedTensor Relative { get; }      // (H,C,Dh): row r of head h embeds the relative distance C−1−r
    public NamedTensor Out { get; }           // (D,D)
    public NamedTensor OutBias { get; }       // (D)
    public NamedTensor Norm2Gain { get; }     // (D)
    public NamedTensor Norm2Bias { get; }     // (D)
    public NamedTensor Up { get; }            // (D,FF)
    public NamedTensor UpBias { get; }        // (FF)
    public NamedTensor Down { get; }          // (FF,D)
    public NamedTensor DownBias { get; }      // (D)

    public NamedTensor[] All { get; }

    internal static NamedTensor Tensor(string name, params int[] shape)
    {
        long size = 1;
        foreach (int s in shape) size *= s;
        return new NamedTensor(name, shape, new float[checked((int)size)]);
    }
}
