namespace Dl4m.Nn.Transformer;

/// <summary>
/// Every tensor of a <see cref="TransformerConfig"/> (the weights, or a set of gradients with the same names and shapes),
/// named as in model.safetensors: embedding/kernel (F,D) and bias, block_N/… (<see cref="TransformerBlockWeights"/>),
/// final_norm/gain and bias, output/kernel (D,O) and bias. Kernels are (in, out): y = x·W + b.
/// </summary>
internal sealed class TransformerWeights
{
    public TransformerWeights(TransformerConfig config)
    {
        int d = config.Width;
        Embedding = TransformerBlockWeights.Tensor("embedding/kernel", config.InputSize, d);
        EmbeddingBias = TransformerBlockWeights.Tensor("embedding/bias", d);
        Blocks = [.. Enumerable.Range(0, config.Layers).Select(l => new TransformerBlockWeights(config, l))];
        FinalGain = TransformerBlockWeights.Tensor("final_norm/gain", d);
        FinalBias = TransformerBlockWeights.Tensor("final_norm/bias", d);
        Output = TransformerBlockWeights.Tensor("output/kernel", d, config.OutputSize);
        OutputBias = TransformerBlockWeights.Tensor("output/bias", config.OutputSize);
        All = [Embedding, EmbeddingBias, .. Blocks.SelectMany(b => b.All), FinalGain, FinalBias, Output, OutputBias];
        Arrays = [.. All.Select(t => t.Data)];
    }

    public NamedTensor Embedding { get; }      // (F,D)
    public NamedTensor EmbeddingBias { get; }  // (D)
    public TransformerBlockWeights[] Blocks { get; }
    public NamedTensor FinalGain { get; }      // (D)
    public NamedTensor FinalBias { get; }      // (D)
    public NamedTensor Output { get; }         // (D,O)
    public NamedTensor OutputBias { get; }     // (O)

    /// <summary>Every tensor in file order.</summary>
    public NamedTensor[] All { get; }

    /// <summary>The tensors' arrays in file order.</summary>
    public float[][] Arrays { get; }

    /// <summary>Sets every value to zero (gradient accumulators before a step).</summary>
    public void Clear()
    {
        foreach (var a in Arrays) Array.Clear(a);
    }
}
