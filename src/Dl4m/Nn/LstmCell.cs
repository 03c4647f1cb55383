using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Dl4m.Nn;

/// <summary>
/// The element-wise part of one LSTM step (Keras semantics, gate blocks i, f, c, o of width H in a
/// 4H row): forward applies the nonlinearities and the cell update, backward turns dh and the carried
/// dc into gradients of the four pre-activations.
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
        for (int b = 0; b < batch; b++)
        {
            var row = gates.Slice(b * g4, g4);
            if (!bias.IsEmpty) TensorPrimitives.Add(row, bias, row);
            var ifGates = row[..(2 * hidden)];
            TensorPrimitives.Sigmoid(ifGates, ifGates);
            var candidate = row.Slice(2 * hidden, hidden);
            TensorPrimitives.Tanh(candidate, candidate);
            var output = row.Slice(3 * hidden, hidden);
            TensorPrimitives.Sigmoid(output, output);

            var cRow = c.Slice(b * hidden, hidden);
            TensorPrimitives.Multiply(row[..hidden], candidate, cRow);                       // i·g
            if (!cPrev.IsEmpty)
                TensorPrimitives.FusedMultiplyAdd(row.Slice(hidden, hidden), cPrev.Slice(b * hidden, hidden), cRow, cRow); // + f·c_{t-1}
            var tanhRow = tanhC.Slice(b * hidden, hidden);
            TensorPrimitives.Tanh(cRow, tanhRow);
            TensorPrimitives.Multiply(output, tanhRow, h.Slice(b * hidden, hidden));           // o·tanh(c)
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
        for (int b = 0; b < batch; b++)
        {
            var row = gates.Slice(b * g4, g4);
            int s = b * hidden;
            for (int j = 0; j < hidden; j++)
            {
                float i = row[j], f = row[hidden + j], g = row[2 * hidden + j], o = row[3 * hidden + j];
                float tc = tanhC[s + j], dhv = dh[s + j];
                float dcv = dc[s + j] + dhv * o * (1f - tc * tc);
                float cp = cPrev.IsEmpty ? 0f : cPrev[s + j];
                row[j] = dcv * g * i * (1f - i);
                row[hidden + j] = dcv * cp * f * (1f - f);
                row[2 * hidden + j] = dcv * i * (1f - g * g);
                row[3 * hidden + j] = dhv * tc * o * (1f - o);
                dc[s + j] = dcv * f;
            }
        }
    }
}
