using System.Numerics.Tensors;
using Dl4m.Nn.Kernels;

namespace Dl4m.Nn.Transformer;

/// <summary>
/// One thread's share of a <see cref="TransformerCache"/> step: a fixed range of every product's output columns and a
/// fixed range of heads, so each thread reads the same slices of the weights at every step and keeps them in its own
/// core's L2 (a step reads ≈1.6 MB of weights at the default shape, more than one core's L2 holds, about half of it
/// per core). Ranges start at multiples of 16 columns, so every output is the same dot product, accumulated in the same
/// order, as in a one-thread step: results do not depend on the thread count. The parts meet at a
/// <see cref="SpinBarrier"/> wherever a product needs the whole of a vector that the parts wrote in pieces (after
/// the attention, the attention's projection, the GELU and the feed-forward's projection of every block); the
/// layer norms in between are computed by every part from the whole stream rather than shared, which is cheaper than
/// a meeting.
/// </summary>
internal sealed class CachedStepPart
{
    private readonly TransformerConfig config;
    private readonly int index;
    private readonly (int First, int Count) heads;
    private readonly bool qkvMatchesHeads; // this part's Q/K/V columns are exactly its heads' (else the parts meet first)
    private readonly float[] normed, keyScores, relativeScores; // (D), (C), (C)
    private readonly float[] mean = new float[1], rstd = new float[1];

    public CachedStepPart(TransformerConfig config, int index, int parts)
    {
        this.config = config;
        this.index = index;
        int firstHead = config.Heads * index / parts, lastHead = config.Heads * (index + 1) / parts;
        heads = (firstHead, lastHead - firstHead);
        qkvMatchesHeads = HeadBoundsAligned(config, parts);
        normed = new float[config.Width];
        keyScores = new float[config.Context];
        relativeScores = new float[config.Context];
    }

    /// <summary>Every part's first head starts at a multiple of 16 columns: then a part's Q/K/V columns are its heads'.</summary>
    private static bool HeadBoundsAligned(TransformerConfig config, int parts)
    {
        for (int p = 1; p < parts; p++)
            if (config.Heads * p / parts * config.HeadWidth % 16 != 0) return false;
        return true;
    }

    /// <summary>Part <paramref name="index"/>'s columns of each of Q, K and V: its heads' when they are aligned, else an even split.</summary>
    internal static (int First, int Count) QkvColumns(TransformerConfig config, int index, int parts)
    {
        if (!HeadBoundsAligned(config, parts)) return Columns(config.Width, index, parts);
        int firstHead = config.Heads * index / parts, lastHead = config.Heads * (index + 1) / parts;
        return (firstHead * config.HeadWidth, (lastHead - firstHead) * config.HeadWidth);
    }

    /// <summary>
    /// Part <paramref name="index"/> of <paramref name="parts"/> of <paramref name="n"/> columns: bounds at multiples
    /// of 16 (the last part ends at n), as even as that allows.
    /// </summary>
    internal static (int First, int Count) Columns(int n, int index, int parts)
    {
        int Bound(int p) => p >= parts ? n : Math.Min(n, (int)((long)n * p / parts) / 16 * 16);
        int first = Bound(index);
        return (first, Bound(index + 1) - first);
    }

    /// <summary>This part's work on a step whose embedding is already in <paramref name="s"/>.Stream; the logits go to s.Logits.</summary>
    public void Run(CachedStepBuffers s, PackedStepWeights packed, SpinBarrier barrier, int slot, int known)
    {
        var w = s.Weights;
        int d = config.Width, dh = config.HeadWidth, c = config.Context;
        float scale = 1f / MathF.Sqrt(dh);
        var zeroC = s.Zero.AsSpan(0, c);
        for (int l = 0; l < config.Layers; l++)
        {
            var block = w.Blocks[l];
            LayerNorm.Forward(s.Stream, block.Norm1Gain.Data, block.Norm1Bias.Data, normed, mean, rstd, 1, d);
            foreach (var third in packed.Qkv[l])          // Q, K, V columns of this part: (3D) in pieces
                packed.MultiplyAdd(normed, third, block.QkvBias.Data, s.Qkv);
            if (!qkvMatchesHeads) barrier.Arrive(index);
            var kT = s.KeysT[l];
            var values = s.Values[l];
            for (int head = heads.First; head < heads.First + heads.Count; head++)
            {
                TensorPrimitives.Multiply(s.Qkv.AsSpan(head * dh, dh), scale, s.Query.AsSpan(head * dh, dh));
                for (int i = 0; i < dh; i++) kT[(head * dh + i) * c + slot] = s.Qkv[d + head * dh + i];
                s.Qkv.AsSpan(2 * d + head * dh, dh).CopyTo(values.AsSpan((head * c + slot) * dh, dh));
                var q = s.Query.AsSpan(head * dh, dh);
                // every filled slot's q·k and every distance's q·E as two matrix-vector products (distances 0 … known−1
                // are the last known columns of Eᵀ, stored at the end of relativeScores); the ring maps slot → distance
                MatVec.MultiplyAdd(q, kT.AsSpan(head * dh * c, dh * c), zeroC, keyScores, dh, known, c);
                MatVec.MultiplyAdd(q, s.RelativeT[l].AsSpan(head * dh * c + c - known, dh * c - (c - known)), zeroC,
                    relativeScores.AsSpan(c - known, known), dh, known, c);
                var live = keyScores.AsSpan(0, known);
                for (int slotIndex = 0; slotIndex < known; slotIndex++)
                {
                    int distance = slot - slotIndex;
                    if (distance < 0) distance += c;
                    live[slotIndex] += relativeScores[c - 1 - distance];
                }
                float max = TensorPrimitives.Max(live);
                TensorPrimitives.Subtract(live, max, live);
                TensorPrimitives.Exp(live, live);
                TensorPrimitives.Multiply(live, 1f / TensorPrimitives.Sum(live), live);
                MatVec.MultiplyAdd(live, values.AsSpan(head * c * dh, known * dh), s.Zero.AsSpan(0, dh), s.Attention.AsSpan(head * dh, dh), known, dh);
            }
            barrier.Arrive(index);
            // stream += b_out + Att·W_out (this part's columns); then the feed-forward branch
            var model = packed.Out[l];
            packed.MultiplyAdd(s.Attention, model, s.Stream, s.Stream);
            TensorPrimitives.Add(s.Stream.AsSpan(model.First, model.Count), block.OutBias.Data.AsSpan(model.First, model.Count), s.Stream.AsSpan(model.First, model.Count));
            barrier.Arrive(index);
            LayerNorm.Forward(s.Stream, block.Norm2Gain.Data, block.Norm2Bias.Data, normed, mean, rstd, 1, d);
            var up = packed.Up[l];
            packed.MultiplyAdd(normed, up, block.UpBias.Data, s.FeedForwardUp);
            Gelu.Forward(s.FeedForwardUp.AsSpan(up.First, up.Count), s.FeedForwardGelu.AsSpan(up.First, up.Count));
            barrier.Arrive(index);
            packed.MultiplyAdd(s.FeedForwardGelu, packed.Down[l], s.Stream, s.Stream);
            TensorPrimitives.Add(s.Stream.AsSpan(model.First, model.Count), block.DownBias.Data.AsSpan(model.First, model.Count), s.Stream.AsSpan(model.First, model.Count));
            barrier.Arrive(index);
        }
        LayerNorm.Forward(s.Stream, w.FinalGain.Data, w.FinalBias.Data, normed, mean, rstd, 1, d);
        packed.MultiplyAdd(normed, packed.Output, w.OutputBias.Data, s.Logits);
    }
}
