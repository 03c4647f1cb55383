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
    private readonly float[][] keys, values;   // per block (H,C,Dh)
    private readonly float[] stream, normed, qkv, query, attention, ffUp, ffGelu, scores;
    private readonly float[] mean = new float[1], rstd = new float[1];

    internal TransformerCache(TransformerNetwork network)
    {
        this.network = network;
        config = network.Config;
        int d = config.Width, size = config.Heads * config.Context * config.HeadWidth;
        keys = [.. Enumerable.Range(0, config.Layers).Select(_ => new float[size])];
        values = [.. Enumerable.Range(0, config.Layers).Select(_ => new float[size])];
        stream = new float[d];
        normed = new float[d];
        qkv = new float[3 * d];
        query = new float[d];
        attention = new float[d];
        ffUp = new float[config.FeedForward];
        ffGelu = new float[config.FeedForward];
        scores = new float[config.Context];
    }

    /// <summary>The network this cache belongs to.</summary>
    public TransformerNetwork Network => network;

    /// <summary>Steps fed so far.</summary>
    public long Count { get; private set; }

    /// <summary>Back to an empty sequence.</summary>
    public void Reset() => Count = 0;

    /// <summary>Feeds one step (see <see cref="TransformerNetwork.Step"/>).</summary>
    public void Step(ReadOnlySpan<float> input, Span<float> output) => StepCore(input, output);

    /// <summary>Becomes a copy of <paramref name="source"/>, a cache of the same network (beam search forks sequences).</summary>
    public void CopyFrom(ISequenceState source)
    {
        if (source is not TransformerCache other || other.network != network) throw new ArgumentException("the cache belongs to another network", nameof(source));
        if (ReferenceEquals(other, this)) return;
        int used = (int)Math.Min(other.Count, config.Context); // ring slots in use
        for (int l = 0; l < keys.Length; l++)
            for (int head = 0; head < config.Heads; head++)
            {
                int start = head * config.Context * config.HeadWidth, length = used * config.HeadWidth;
                other.keys[l].AsSpan(start, length).CopyTo(keys[l].AsSpan(start, length));
                other.values[l].AsSpan(start, length).CopyTo(values[l].AsSpan(start, length));
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
        int known = (int)Math.Min(t + 1, c);      // cached positions after this one is stored: t−known+1 … t
        float scale = 1f / MathF.Sqrt(dh);
        for (int l = 0; l < config.Layers; l++)
        {
            var block = w.Blocks[l];
            LayerNorm.Forward(stream, block.Norm1Gain.Data, block.Norm1Bias.Data, normed, mean, rstd, 1, d);
            MatVec.MultiplyAdd(normed, block.Qkv.Data, block.QkvBias.Data, qkv, d, 3 * d);              // (3D)
            TensorPrimitives.Multiply(qkv.AsSpan(0, d), scale, query);
            for (int head = 0; head < heads; head++)
            {
                qkv.AsSpan(d + head * dh, dh).CopyTo(keys[l].AsSpan((head * c + slot) * dh, dh));
                qkv.AsSpan(2 * d + head * dh, dh).CopyTo(values[l].AsSpan((head * c + slot) * dh, dh));
            }
            var relative = block.Relative.Data;
            for (int head = 0; head < heads; head++)
            {
                var q = query.AsSpan(head * dh, dh);
                var live = scores.AsSpan(0, known);
                for (int i = 0; i < known; i++)
                {
                    long position = t - known + 1 + i;     // oldest first, as the full pass orders j
                    int distance = (int)(t - position);
                    int ring = (int)(position % c);
                    live[i] = TensorPrimitives.Dot(q, keys[l].AsSpan((head * c + ring) * dh, dh))
                        + TensorPrimitives.Dot(q, relative.AsSpan((head * c + c - 1 - distance) * dh, dh));
                }
                float max = TensorPrimitives.Max(live);
                TensorPrimitives.Subtract(live, max, live);
                TensorPrimitives.Exp(live, live);
                TensorPrimitives.Multiply(live, 1f / TensorPrimitives.Sum(live), live);
                var o = attention.AsSpan(head * dh, dh);
                o.Clear();
                for (int i = 0; i < known; i++)
                {
                    int ring = (int)((t - known + 1 + i) % c);
                    TensorPrimitives.MultiplyAdd(values[l].AsSpan((head * c + ring) * dh, dh), live[i], o, o);
                }
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
