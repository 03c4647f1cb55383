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
    private readonly (int First, int Count) model, heads, qkv, feedForward, output; // columns of D, heads, Q/K/V, FF, O
    private readonly bool qkvMatchesHeads; // this part's Q/K/V columns are exactly its heads' (else the parts meet first)
    private readonly float[] normed, keyScores, relativeScores; // (D), (C), (C)
    private readonly float[] mean = new float[1], rstd = new float[1];

    public CachedStepPart(TransformerConfig config, int index, int parts)
    {
        this.config = config;
        this.index = index;
        int d = config.Width, dh = config.HeadWidth;
        model = Columns(d, index, parts);
        feedForward = Columns(config.FeedForward, index, parts);
        output = Columns(config.OutputSize, index, parts);
        int firstHead = config.Heads * index / parts, lastHead = config.Heads * (index + 1) / parts;
        heads = (firstHead, lastHead - firstHead);
        // Q/K/V columns: the heads' own when every part's head bounds fall on multiples of 16, else the plain split.
        bool aligned = true;
        for (int p = 1; p < parts; p++) aligned &= config.Heads * p / parts * dh % 16 == 0;
        qkvMatchesHeads = aligned;
        qkv = aligned ? (firstHead * dh, (lastHead - firstHead) * dh) : model;
        normed = new float[d];
        keyScores = new float[config.Context];
        relativeScores = new float[config.Context];
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
    public void Run(CachedStepBuffers s, SpinBarrier barrier, int slot, int known)
    {
        var w = s.Weights;
        int d = config.Width, f = config.FeedForward, dh = config.HeadWidth, c = config.Context;
        float scale = 1f / MathF.Sqrt(dh);
        var zeroC = s.Zero.AsSpan(0, c);
        for (int l = 0; l < config.Layers; l++)
        {
            var block = w.Blocks[l];
            LayerNorm.Forward(s.Stream, block.Norm1Gain.Data, block.Norm1Bias.Data, normed, mean, rstd, 1, d);
            for (int third = 0; third < 3; third++)       // Q, K, V columns of this part: (3D) in pieces
                MatVec.MultiplyAddColumns(normed, block.Qkv.Data, block.QkvBias.Data, s.Qkv, d, 3 * d, third * d + qkv.First, qkv.Count);
            if (!qkvMatchesHeads) barrier.Arrive(index);
            var kT = s.KeysT[l];
            var values = s.Values[l];
            for (int head = heads.First; head < heads.First + heads.Count; head++)
            {
                TensorPrimitives.Multiply(s.Qkv.AsSpan(head * dh, dh), scale, s.Query.AsSpan(head * dh, dh));
                for (int i = 0; i < dh; i++) kT[(head * dh + i) * c + slot] = s.Qkv[d + head * dh + i];
                s.Qkv.AsSpan(2 * d + head * dh, dh).CopyTo(values.AsSpan((head * c + slot) * dh, dh));
                var q = s.Query.AsSpan(head * dh, dh);
                // every slot's q·k and every distance's q·E as two matrix-vector products; the ring maps slot → distance
                MatVec.MultiplyAdd(q, kT.AsSpan(head * dh * c, dh * c), zeroC, keyScores, dh, c);
                MatVec.MultiplyAdd(q, s.RelativeT[l].AsSpan(head * dh * c, dh * c), zeroC, relativeScores, dh, c);
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
            MatVec.MultiplyAddColumns(s.Attention, block.Out.Data, s.Stream, s.Stream, d, d, model.First, model.Count);
            TensorPrimitives.Add(s.Stream.AsSpan(model.First, model.Count), block.OutBias.Data.AsSpan(model.First, model.Count), s.Stream.AsSpan(model.First, model.Count));
            barrier.Arrive(index);
            LayerNorm.Forward(s.Stream, block.Norm2Gain.Data, block.Norm2Bias.Data, normed, mean, rstd, 1, d);
            MatVec.MultiplyAddColumns(normed, block.Up.Data, block.UpBias.Data, s.FeedForwardUp, d, f, feedForward.First, feedForward.Count);
            Gelu.Forward(s.FeedForwardUp.AsSpan(feedForward.First, feedForward.Count), s.FeedForwardGelu.AsSpan(feedForward.First, feedForward.Count));
            barrier.Arrive(index);
            MatVec.MultiplyAddColumns(s.FeedForwardGelu, block.Down.Data, s.Stream, s.Stream, f, d, model.First, model.Count);
            TensorPrimitives.Add(s.Stream.AsSpan(model.First, model.Count), block.DownBias.Data.AsSpan(model.First, model.Count), s.Stream.AsSpan(model.First, model.Count));
            barrier.Arrive(index);
        }
        LayerNorm.Forward(s.Stream, w.FinalGain.Data, w.FinalBias.Data, normed, mean, rstd, 1, d);
        MatVec.MultiplyAddColumns(normed, w.Output.Data, w.OutputBias.Data, s.Logits, d, config.OutputSize, output.First, output.Count);
    }
}
