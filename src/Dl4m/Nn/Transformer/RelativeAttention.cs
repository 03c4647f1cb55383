using System.Numerics.Tensors;
using Dl4m.Nn.Kernels;

namespace Dl4m.Nn.Transformer;

/// <summary>
/// Causal self-attention of one head of one window with relative positions (Music Transformer, Huang et al. 2018):
/// S = (Q·Kᵀ + Srel)/√Dh, Srel[i,j] = q_i·E[C−1−(i−j)] for j ≤ i, P = softmax over j ≤ i, O = P·V.
/// The "skewing" is an index map: QE = Q·E_slotᵀ (T,T) over the T embeddings of distances T−1 … 0 (rows C−T … C−1 of
/// E), and Srel[i,j] = QE[i, T−1−i+j]; no (T,T,Dh) tensor is formed. Q arrives already scaled by 1/√Dh, so both terms
/// carry the scale. The backward maps dS back through the same index map: dQE[i, T−1−i+j] = dS[i,j].
/// </summary>
internal static unsafe class RelativeAttention
{
    /// <summary>
    /// P (T,T) and the head's output O (T,Dh) written into <paramref name="o"/> with row stride <paramref name="ldo"/>.
    /// q, k, v: (T,Dh) contiguous; <paramref name="eT"/>: the head's Eᵀ (Dh,C); scratch: 2·T·T + Dh·T floats.
    /// </summary>
    public static void Forward(float* q, float* k, float* v, float* eT, int context, float* p, float* o, int ldo, int t, int dh, float* scratch)
    {
        float* kT = scratch;               // (Dh,T)
        float* qe = scratch + dh * t;       // (T,T)
        Transpose(k, kT, t, dh);
        Gemm.Multiply(q, dh, 1, kT, t, p, t, t, dh, t, accumulate: false);                     // S = Q·Kᵀ  (T,T)
        Gemm.Multiply(q, dh, 1, eT + (context - t), context, qe, t, t, dh, t, accumulate: false); // QE = Q·E_slotᵀ (T,T)
        for (int i = 0; i < t; i++)
        {
            var row = new Span<float>(p + i * t, t);
            var skew = new ReadOnlySpan<float>(qe + i * t + (t - 1 - i), i + 1); // QE[i, T−1−i+j], j = 0 … i
            var live = row[..(i + 1)];
            TensorPrimitives.Add(live, skew, live);
            float max = TensorPrimitives.Max(live);
            TensorPrimitives.Subtract(live, max, live);
            TensorPrimitives.Exp(live, live);
            TensorPrimitives.Multiply(live, 1f / TensorPrimitives.Sum(live), live);
            row[(i + 1)..].Clear();                                                     // causal mask
        }
        Gemm.Multiply(p, t, 1, v, dh, o, ldo, t, t, dh, accumulate: false);                    // O = P·V (T,Dh)
    }

    /// <summary>
    /// From dO (T,Dh, row stride <paramref name="ldo"/>): dQ (T,Dh, of the scaled Q), dK, dV (T,Dh) written, and
    /// dE (C,Dh, the head's relative gradient) accumulated at rows C−T … C−1. scratch: 2·T·T + Dh·T floats.
    /// </summary>
    public static void Backward(float* q, float* k, float* v, float* e, int context, float* p, float* dO, int ldo,
        float* dQ, float* dK, float* dV, float* dE, int t, int dh, float* scratch)
    {
        float* vT = scratch;               // (Dh,T)
        float* dS = scratch + dh * t;       // (T,T)
        float* dQE = dS + t * t;            // (T,T)
        Transpose(v, vT, t, dh);
        Gemm.Multiply(dO, ldo, 1, vT, t, dS, t, t, dh, t, accumulate: false);  // dP = dO·Vᵀ (T,T)
        Gemm.Multiply(p, 1, t, dO, ldo, dV, dh, t, t, dh, accumulate: false);  // dV = Pᵀ·dO (T,Dh)
        new Span<float>(dQE, t * t).Clear();
        for (int i = 0; i < t; i++)
        {
            var pr = new ReadOnlySpan<float>(p + i * t, i + 1);
            var dr = new Span<float>(dS + i * t, t);
            var live = dr[..(i + 1)];
            float dot = TensorPrimitives.Dot(pr, live);
            TensorPrimitives.Subtract(live, dot, live);
            TensorPrimitives.Multiply(live, pr, live);                          // dS = P ⊙ (dP − Σ P·dP)
            dr[(i + 1)..].Clear();
            live.CopyTo(new Span<float>(dQE + i * t + (t - 1 - i), i + 1));     // the skew's index map, reversed
        }
        Gemm.Multiply(dS, t, 1, k, dh, dQ, dh, t, t, dh, accumulate: false);                  // dQ = dS·K
        Gemm.Multiply(dQE, t, 1, e + (context - t) * dh, dh, dQ, dh, t, t, dh, accumulate: true); // dQ += dQE·E_slot
        Gemm.Multiply(dS, 1, t, q, dh, dK, dh, t, t, dh, accumulate: false);                  // dK = dSᵀ·Q
        Gemm.Multiply(dQE, 1, t, q, dh, dE + (context - t) * dh, dh, t, t, dh, accumulate: true); // dE_slot += dQEᵀ·Q
    }

    /// <summary>Floats of scratch <see cref="Forward"/> and <see cref="Backward"/> need.</summary>
    public static int ScratchSize(int t, int dh) => 2 * t * t + dh * t;

    /// <summary>dst (cols,rows) = src (rows,cols)ᵀ.</summary>
    public static void Transpose(float* src, float* dst, int rows, int cols)
    {
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) dst[c * rows + r] = src[r * cols + c];
    }
}
