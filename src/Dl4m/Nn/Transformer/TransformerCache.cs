using System.Numerics.Tensors;

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
/// <para>A step runs on the network's <see cref="TransformerNetwork.Threads"/> (at most one per head), each thread
/// a fixed share of every product's columns and of the heads (<see cref="CachedStepPart"/>); the results are the same
/// for every thread count.</para>
/// </summary>
public sealed class TransformerCache : ISequenceState
{
    private readonly TransformerNetwork network;
    private readonly TransformerConfig config;
    private readonly CachedStepBuffers buffers;
    private readonly Action<int> partJob;
    private CachedStepPart[] parts = [];
    private PackedStepWeights[] packed = [];
    private SpinBarrier barrier = new(1);
    private int slot, known;

    internal TransformerCache(TransformerNetwork network)
    {
        this.network = network;
        config = network.Config;
        buffers = new CachedStepBuffers(config, network.Weights);
        partJob = i => parts[i].Run(buffers, packed[i], barrier, slot, known);
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
            fixed (float* e = network.Weights.Blocks[l].Relative.Data, eT = buffers.RelativeT[l])
                for (int head = 0; head < config.Heads; head++) RelativeAttention.Transpose(e + head * c * dh, eT + head * dh * c, c, dh);
    }

    /// <summary>Feeds one step (see <see cref="TransformerNetwork.Step"/>).</summary>
    public void Step(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != config.InputSize) throw new Dl4mException($"step input has {input.Length} values, the network takes {config.InputSize}");
        if (output.Length != config.OutputSize) throw new Dl4mException($"step output has room for {output.Length} values, the network gives {config.OutputSize}");
        int d = config.Width, c = config.Context;
        var w = network.Weights;
        var stream = buffers.Stream;
        // Embedding of the (multi-hot) row: b_e + Σ x_c·W_e[c] over its nonzeros (a handful of rows: not worth splitting).
        w.EmbeddingBias.Data.CopyTo(stream, 0);
        for (int col = 0; col < input.Length; col++)
            if (input[col] != 0f) TensorPrimitives.MultiplyAdd(w.Embedding.Data.AsSpan(col * d, d), input[col], stream, stream);
        long t = Count;
        slot = (int)(t % c);
        known = (int)Math.Min(t + 1, c);      // cached positions after this one is stored: slots 0 … known−1
        int count = Math.Min(network.Threads, config.Heads);
        if (parts.Length != count) MakeParts(count);
        packed = network.PackedWeights(count);
        barrier.Reset();
        network.RunParts(partJob, count);
        buffers.Logits.CopyTo(output);
        Count++;
    }

    /// <summary>A separate method: a lambda capturing the count inside <see cref="Step"/> would allocate its closure on every step.</summary>
    private void MakeParts(int count)
    {
        parts = [.. Enumerable.Range(0, count).Select(i => new CachedStepPart(config, i, count))];
        barrier = new SpinBarrier(count);
    }

    /// <summary>Becomes a copy of <paramref name="source"/>, a cache of the same network (beam search forks sequences).</summary>
    public void CopyFrom(ISequenceState source)
    {
        if (source is not TransformerCache other || other.network != network) throw new ArgumentException("the cache belongs to another network", nameof(source));
        if (ReferenceEquals(other, this)) return;
        for (int l = 0; l < config.Layers; l++)
        {
            other.buffers.KeysT[l].CopyTo(buffers.KeysT[l], 0);
            other.buffers.Values[l].CopyTo(buffers.Values[l], 0);
            other.buffers.RelativeT[l].CopyTo(buffers.RelativeT[l], 0);
        }
        Count = other.Count;
    }
}
