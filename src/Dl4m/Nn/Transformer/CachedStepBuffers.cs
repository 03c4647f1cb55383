namespace Dl4m.Nn.Transformer;

/// <summary>
/// What the parts of one <see cref="TransformerCache"/> step share: the sequence's keys and values, the relative
/// embeddings, and the step's vectors, each written by its parts in disjoint pieces (see <see cref="CachedStepPart"/>).
/// </summary>
internal sealed class CachedStepBuffers
{
    public CachedStepBuffers(TransformerConfig config, TransformerWeights weights)
    {
        Weights = weights;
        int d = config.Width, c = config.Context, size = config.Heads * c * config.HeadWidth;
        KeysT = [.. Enumerable.Range(0, config.Layers).Select(_ => new float[size])];
        Values = [.. Enumerable.Range(0, config.Layers).Select(_ => new float[size])];
        RelativeT = [.. Enumerable.Range(0, config.Layers).Select(_ => new float[size])];
        Stream = new float[d];
        Qkv = new float[3 * d];
        Query = new float[d];
        Attention = new float[d];
        FeedForwardUp = new float[config.FeedForward];
        FeedForwardGelu = new float[config.FeedForward];
        Logits = new float[config.OutputSize];
        Zero = new float[Math.Max(c, config.HeadWidth)];
    }

    public TransformerWeights Weights { get; }
    public float[][] KeysT { get; }       // per block (H,Dh,C): keys transposed; ring slot = position mod C
    public float[][] Values { get; }      // per block (H,C,Dh)
    public float[][] RelativeT { get; }   // per block (H,Dh,C): Eᵀ, copied from the weights when the cache is made or reset
    public float[] Stream { get; }        // (D) the residual stream
    public float[] Qkv { get; }           // (3D)
    public float[] Query { get; }         // (D) Q/√Dh
    public float[] Attention { get; }     // (D) the heads' outputs side by side
    public float[] FeedForwardUp { get; } // (FF)
    public float[] FeedForwardGelu { get; } // (FF)
    public float[] Logits { get; }        // (O)
    public float[] Zero { get; }          // (max(C, Dh)) zeros: the initial value of products without a bias
}
