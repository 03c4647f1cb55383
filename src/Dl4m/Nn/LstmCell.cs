using System.Runtime.Intrinsics;
using Dl4m.Nn.Kernels;
using System.Runtime.CompilerServices;

namespace Dl4m.Nn;

/// <summary>
/// The element-wise part of one LSTM step (Keras semantics, gate blocks i, f, c, o of width H in a
/// 4H row): forward applies the nonlinearities and the cell update, backward turns dh and the carried
/// dc into gradients of the four pre-activations. Each is one pass over a row, 16 units at a time
/// (AVX-512) then 8 at a time (AVX2, or the tail left by AVX-512), <see cref="FastMath"/>, with a
/// scalar loop for units past the last full vector. <see cref="KernelIsa"/> picks the path.
/// </summary>
internal static class LstmCell
{
    /// <summary>
    /// gates (B,4H): in, x·W + h·U, plus <paramref name="bias"/> (4H) unless that is empty because the
    /// caller already added it; out, activated gates. cPrev (B,H) is empty at t = 0
    /// (zero initial state). Writes c, tanh(c), h, each (B,H).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Span<float> gates, ReadOnlySpan<float> bias, ReadOnlySpan<float> cPrev,
        Span<float> c, Span<float> tanhC, Span<float> h, int batch, int hidden)
    {
        int g4 = 4 * hidden;
        (int vectorEnd512, int vectorEnd256) = VectorEnds(hidden);
        bool hasBias = !bias.IsEmpty, hasPrev = !cPrev.IsEmpty;
        for (int b = 0; b < batch; b++)
        {
            var row = gates.Slice(b * g4, g4);
            int s = b * hidden;
            // One pass over the row: bias, the four nonlinearities, the cell update, h. 16, then 8 units at a time.
            int j = 0;
            for (; j < vectorEnd512; j += 16)
            {
                var zi = Vector512.Create<float>(row.Slice(j, 16));
                var zf = Vector512.Create<float>(row.Slice(hidden + j, 16));
                var zg = Vector512.Create<float>(row.Slice(2 * hidden + j, 16));
                var zo = Vector512.Create<float>(row.Slice(3 * hidden + j, 16));
                if (hasBias)
                {
                    zi += Vector512.Create<float>(bias.Slice(j, 16));
                    zf += Vector512.Create<float>(bias.Slice(hidden + j, 16));
                    zg += Vector512.Create<float>(bias.Slice(2 * hidden + j, 16));
                    zo += Vector512.Create<float>(bias.Slice(3 * hidden + j, 16));
                }
                var i = FastMath.Sigmoid(zi);
                var f = FastMath.Sigmoid(zf);
                var g = FastMath.Tanh(zg);
                var o = FastMath.Sigmoid(zo);
                i.CopyTo(row.Slice(j, 16));
                f.CopyTo(row.Slice(hidden + j, 16));
                g.CopyTo(row.Slice(2 * hidden + j, 16));
                o.CopyTo(row.Slice(3 * hidden + j, 16));
                var cv = i * g;                                                           // i·g
                if (hasPrev) cv = Vector512.FusedMultiplyAdd(f, Vector512.Create<float>(cPrev.Slice(s + j, 16)), cv); // + f·c_{t-1}
                var tc = FastMath.Tanh(cv);
                cv.CopyTo(c.Slice(s + j, 16));
                tc.CopyTo(tanhC.Slice(s + j, 16));
                (o * tc).CopyTo(h.Slice(s + j, 16));                                      // o·tanh(c)
            }

            // 8 units at a time: the AVX2 path, or the 8..15 units AVX-512 leaves.
            for (; j < vectorEnd256; j += 8)
            {
                var zi = Vector256.Create<float>(row.Slice(j, 8));
                var zf = Vector256.Create<float>(row.Slice(hidden + j, 8));
                var zg = Vector256.Create<float>(row.Slice(2 * hidden + j, 8));
                var zo = Vector256.Create<float>(row.Slice(3 * hidden + j, 8));
                if (hasBias)
                {
                    zi += Vector256.Create<float>(bias.Slice(j, 8));
                    zf += Vector256.Create<float>(bias.Slice(hidden + j, 8));
                    zg += Vector256.Create<float>(bias.Slice(2 * hidden + j, 8));
                    zo += Vector256.Create<float>(bias.Slice(3 * hidden + j, 8));
                }
                var i = FastMath.Sigmoid(zi);
                var f = FastMath.Sigmoid(zf);
                var g = FastMath.Tanh(zg);
                var o = FastMath.Sigmoid(zo);
                i.CopyTo(row.Slice(j, 8));
                f.CopyTo(row.Slice(hidden + j, 8));
                g.CopyTo(row.Slice(2 * hidden + j, 8));
                o.CopyTo(row.Slice(3 * hidden + j, 8));
                var cv = i * g;                                                           // i·g
                if (hasPrev) cv = Vector256.FusedMultiplyAdd(f, Vector256.Create<float>(cPrev.Slice(s + j, 8)), cv); // + f·c_{t-1}
                var tc = FastMath.Tanh(cv);
                cv.CopyTo(c.Slice(s + j, 8));
                tc.CopyTo(tanhC.Slice(s + j, 8));
                (o * tc).CopyTo(h.Slice(s + j, 8));                                      // o·tanh(c)
            }
            for (; j < hidden; j++)
            {
                float zi = row[j], zf = row[hidden + j], zg = row[2 * hidden + j], zo = row[3 * hidden + j];
                if (hasBias)
                {
                    zi += bias[j];
                    zf += bias[hidden + j];
                    zg += bias[2 * hidden + j];
                    zo += bias[3 * hidden + j];
                }
                float i = FastMath.Sigmoid(zi), f = FastMath.Sigmoid(zf), g = MathF.Tanh(zg), o = FastMath.Sigmoid(zo);
                row[j] = i;
                row[hidden + j] = f;
                row[2 * hidden + j] = g;
                row[3 * hidden + j] = o;
                float cv = i * g;
                if (hasPrev) cv = MathF.FusedMultiplyAdd(f, cPrev[s + j], cv);
                float tc = MathF.Tanh(cv);
                c[s + j] = cv;
                tanhC[s + j] = tc;
                h[s + j] = o * tc;
            }
        }
    }

    /// <summary>
    /// gates (B,4H): in, the activations of this step; out, dLoss/d(pre-activation) of i, f, c, o.
    /// dh (B,H) is dLoss/dh_t; dc (B,H) carries dLoss/dc_t in from step t+1 and dLoss/dc_{t-1} out.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Span<float> gates, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> tanhC,
        ReadOnlySpan<float> dh, Span<float> dc, int batch, int hidden)
    {
        int g4 = 4 * hidden;
        (int vectorEnd512, int vectorEnd256) = VectorEnds(hidden);
        bool hasPrev = !cPrev.IsEmpty;
        var one = Vector512<float>.One;
        var one256 = Vector256<float>.One;
        for (int b = 0; b < batch; b++)
        {
            var row = gates.Slice(b * g4, g4);
            int s = b * hidden;
            int j = 0;
            for (; j < vectorEnd512; j += 16)
            {
                var i = Vector512.Create<float>(row.Slice(j, 16));
                var f = Vector512.Create<float>(row.Slice(hidden + j, 16));
                var g = Vector512.Create<float>(row.Slice(2 * hidden + j, 16));
                var o = Vector512.Create<float>(row.Slice(3 * hidden + j, 16));
                var tc = Vector512.Create<float>(tanhC.Slice(s + j, 16));
                var dhv = Vector512.Create<float>(dh.Slice(s + j, 16));
                var dcv = Vector512.FusedMultiplyAdd(dhv * o, one - tc * tc, Vector512.Create<float>(dc.Slice(s + j, 16)));
                var cp = hasPrev ? Vector512.Create<float>(cPrev.Slice(s + j, 16)) : Vector512<float>.Zero;
                (dcv * g * i * (one - i)).CopyTo(row.Slice(j, 16));
                (dcv * cp * f * (one - f)).CopyTo(row.Slice(hidden + j, 16));
                (dcv * i * (one - g * g)).CopyTo(row.Slice(2 * hidden + j, 16));
                (dhv * tc * o * (one - o)).CopyTo(row.Slice(3 * hidden + j, 16));
                (dcv * f).CopyTo(dc.Slice(s + j, 16));
            }

            // 8 units at a time: the AVX2 path, or the 8..15 units AVX-512 leaves.
            for (; j < vectorEnd256; j += 8)
            {
                var i = Vector256.Create<float>(row.Slice(j, 8));
                var f = Vector256.Create<float>(row.Slice(hidden + j, 8));
                var g = Vector256.Create<float>(row.Slice(2 * hidden + j, 8));
                var o = Vector256.Create<float>(row.Slice(3 * hidden + j, 8));
                var tc = Vector256.Create<float>(tanhC.Slice(s + j, 8));
                var dhv = Vector256.Create<float>(dh.Slice(s + j, 8));
                var dcv = Vector256.FusedMultiplyAdd(dhv * o, one256 - tc * tc, Vector256.Create<float>(dc.Slice(s + j, 8)));
                var cp = hasPrev ? Vector256.Create<float>(cPrev.Slice(s + j, 8)) : Vector256<float>.Zero;
                (dcv * g * i * (one256 - i)).CopyTo(row.Slice(j, 8));
                (dcv * cp * f * (one256 - f)).CopyTo(row.Slice(hidden + j, 8));
                (dcv * i * (one256 - g * g)).CopyTo(row.Slice(2 * hidden + j, 8));
                (dhv * tc * o * (one256 - o)).CopyTo(row.Slice(3 * hidden + j, 8));
                (dcv * f).CopyTo(dc.Slice(s + j, 8));
            }
            for (; j < hidden; j++)
            {
                float i = row[j], f = row[hidden + j], g = row[2 * hidden + j], o = row[3 * hidden + j];
                float tc = tanhC[s + j], dhv = dh[s + j];
                float dcv = dc[s + j] + dhv * o * (1f - tc * tc);
                float cp = hasPrev ? cPrev[s + j] : 0f;
                row[j] = dcv * g * i * (1f - i);
                row[hidden + j] = dcv * cp * f * (1f - f);
                row[2 * hidden + j] = dcv * i * (1f - g * g);
                row[3 * hidden + j] = dhv * tc * o * (1f - o);
                dc[s + j] = dcv * f;
            }
        }
    }

    /// <summary>Where the 16-lane and the 8-lane loops over H units stop, on the current kernel path.</summary>
    private static (int End512, int End256) VectorEnds(int hidden)
    {
        var isa = KernelIsa.Current;
        int end512 = isa == Isa.Avx512 ? hidden / 16 * 16 : 0;
        int end256 = isa >= Isa.Avx2 ? end512 + (hidden - end512) / 8 * 8 : 0;
        return (end512, end256);
    }
}
