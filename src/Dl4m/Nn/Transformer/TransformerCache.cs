using System.Numerics.Tensors;
using Dl4m.Nn.Kernels;

namespace Dl4m.Nn.Transformer;

/// <summary>
/// Generation state of one sequence: per block the keys and values (H,C,Dh) of the last C = context positions in a ring,
/// so a step computes only the new position (its query against the cached keys, the relative logits from the cached
/// keys' distances) instead of the whole window again.
/// <para>While the sequence fits the context, a step equals the full forward pass over the sequence so far (the test
/// checks every step). Past the context the window slides: the oldest position leaves the ring and the new one attends
/// to the C most recent, as a forward pass over the last C steps would, except that the cached keys and values of the
/// second block on were computed when their position was new, from the C positions before it; they are not recomputed
/// without the positions that have since left. Relative positions keep the distances right; only that older context
/// inside upper-block keys differs (Transformer-XL's memory works the same way).</para>
/// </summary>
public sealed class TransformerCache : ISequenceState
{
    private readonly TransformerNetwork network;
    private readonly TransformerConfig config;
    private readonly float[][] keysT, values;  // per block: keys (H,Dh,C) transposed, values (H,C,Dh); ring slot = position mod C
    private readonly float[][] relativeT;      // per block (H,Dh,C): Eᵀ, copied from the weights when the cache is made or reset
    private readonly float[] stream, normed, qkv, query, attention, ffUp, ffGelu;
    private readonly float[] keyScores, relativeScores, zero; // (C)
    private readonly float[] mean = new float[1], rstd = new float[1];

    internal TransformerCache(TransformerNetwork network)
    {
        this.network = network;
        config = network.Config;
        int d = config.Width, c = config.Context, size = config.Heads * c * config.HeadWidth;
        keysT = [.. Enumerable.Range(0, config.Layers).Select(_ => new float[size])];
        values = [.. Enumerable.Range(0, config.Layers).Select(_ => new float[size])];
        relativeT = [.. Enumerable.Range(0, config.Layers).Select(_ => new float[size])];
        stream = new float[d];
        normed = new float[d];
        qkv = new float[3 * d];
        query = new float[d];
        attention = new float[d];
        ffUp = new float[config.FeedForward];
        ffGelu = new float[config.FeedForward];
        keyScores = new float[c];
        relativeScores = new float[c];
        zero = new float[Math.Max(c, config.HeadWidth)];
        Reset();
    }

    /// <summary>The network this cache belongs to.</summary>
    public TransformerNetwork Network => network;

    /// <summary>Steps fed so far.</summary>
    public long Count { get; private set; }

    /// <summary>Back to an empty sequence (and the relative embeddings read again from the weights).</summary>
    public unsafe void Reset()
    {
        Count = 0;
        int c = config.Context, dh = config.HeadWidth;
        for (int l = 0; l < config.Layers; l++)
            fixed (float* e = network.Weights.Blocks[l].Relative.Data, eT = relativeT[l])
                for (int head = 0; head < config.Heads; head++) RelativeAttention.Transpose(e + head * c * dh, eT + head * dh * c, c, dh);
    }

    /// <summary>Feeds one step (see <see cref="TransformerNetwork.Step"/>).</summary>
    public void Step(ReadOnlySpan<float> input, Span<float> output) => StepCore(input, output);

    /// <summary>Becomes a copy of <paramref name="source"/>, a cache of the same network (beam search forks sequences).</summary>
    public void CopyFrom(ISequenceState source)
    {
        if (source is not TransformerCache other || other.network != network) throw new ArgumentException("the cache belongs to another network", nameof(source));
        if (ReferenceEquals(other, this)) return;
        for (int l = 0; l < keysT.Length; l++)
        {
            other.keysT[l].CopyTo(keysT[l], 0);
            other.values[l].CopyTo(values[l], 0);
            other.relativeT[l].CopyTo(relativeT[l], 0);
        }
        Count = other.Count;
    }

    private void StepCore(ReadOnlySpan<float> input, Span<float> output)
    {
        int d = config.Width, f = config.FeedForward, heads = config.Heads, dh = config.HeadWidth, c = config.Context;
        if (input.Length != config.InputSize) throw new Dl4mException($"step input has {input.Length} values, the network takes {config.InputSize}");
        if (output.Length != config.OutputSize) throw new Dl4mException($"step output has room for {output.Length} values, the network gives {config.OutputSize}");
        var w = network.Weights;
        // Embedding of the (multi-hot) row: b_e + Σ x_c·W_e[c] over its nonzeros.
        w.EmbeddingBias.Data.CopyTo(stream, 0);
        for (int col = 0; col < input.Length; col++)
            if (input[col] != 0f) TensorPrimitives.MultiplyAdd(w.Embedding.Data.AsSpan(col * d, d), input[col], stream, stream);
        long t = Count;
        int slot = (int)(t % c);
        int known = (int)Math.Min(t + 1, c);      // cached positions after this one is stored: slots 0 … known−1
        float scale = 1f / MathF.Sqrt(dh);
        var zeroC = zero.AsSpan(0, c);
        for (int l = 0; l < config.Layers; l++)
        {
            var block = w.Blocks[l];
            LayerNorm.Forward(stream, block.Norm1Gain.Data, block.Norm1Bias.Data, normed, mean, rstd, 1, d);
            MatVec.MultiplyAdd(normed, block.Qkv.Data, block.QkvBias.Data, qkv, d, 3 * d);              // (3D)
            TensorPrimitives.Multiply(qkv.AsSpan(0, d), scale, query);
            var kT = keysT[l];
            for (int head = 0; head < heads; head++)
            {
                for (int i = 0; i < dh; i++) kT[(head * dh + i) * c + slot] = qkv[d + head * dh + i];
                qkv.AsSpan(2 * d + head * dh, dh).CopyTo(values[l].AsSpan((head * c + slot) * dh, dh));
            }
            for (int head = 0; head < heads; head++)
            {
                var q = query.AsSpan(head * dh, dh);
                // every slot's q·k and every distance's q·E as two matrix-vector products; the ring maps slot → distance
                MatVec.MultiplyAdd(q, kT.AsSpan(head * dh * c, dh * c), zeroC, keyScores, dh, c);
                MatVec.MultiplyAdd(q, relativeT[l].AsSpan(head * dh * c, dh * c), zeroC, relativeScores, dh, c);
                var live = keyScores.AsSpan(0, known);
                for (int s = 0; s < known; s++)
                {
                    int distance = slot - s;
                    if (distance < 0) distance += c;
                    live[s] += relativeScores[c - 1 - distance];
                }
                float max = TensorPrimitives.Max(live);
                TensorPrimitives.Subtract(live, max, live);
                TensorPrimitives.Exp(live, live);
                TensorPrimitives.Multiply(live, 1f / TensorPrimitives.Sum(live), live);
                MatVec.MultiplyAdd(live, values[l].AsSpan(head * c * dh, known * dh), zero.AsSpan(0, dh), attention.AsSpan(head * dh, dh), known, dh);
            }
            // stream += b_out + Att·W_out; then the feed-forward branch
            MatVec.MultiplyAdd(attention, block.Out.Data, stream, stream, d, d);
            TensorPrimitives.Add(stream, block.OutBias.Data, stream);
            LayerNorm.Forward(stream, block.Norm2Gain.Data, block.Norm2Bias.Data, normed, mean, rstd, 1, d);
            MatVec.MultiplyAdd(normed, block.Up.Data, block.UpBias.Data, ffUp, d, f);
            Gelu.Forward(ffUp, ffGelu);
            MatVec.MultiplyAdd(ffGelu, block.Down.Data, stream, stream, f, d);
            TensorPrimitives.Add(stream, block.DownBias.Data, stream);
        }
        LayerNorm.Forward(stream, w.FinalGain.Data, w.FinalBias.Data, normed, mean, rstd, 1, d);
        MatVec.MultiplyAdd(normed, w.Output.Data, w.OutputBias.Data, output, d, config.OutputSize);
        Count++;
    }
}
