using System.Numerics.Tensors;
using Dl4m.Nn.Kernels;

namespace Dl4m.Nn;

/// <summary>
/// LSTM with Keras semantics: z = x·W + h·U + b with W (In,4H), U (H,4H), b (4H) in gate blocks
/// i, f, c, o; i, f, o = sigmoid, g = tanh; c_t = f·c_{t-1} + i·g; h_t = o·tanh(c_t). The initial state is
/// zero per window unless the buffers carry one (h_0, c_0) per row (<see cref="LstmBuffers.HasInitialState"/>): then
/// backward is truncated BPTT, no gradient flows into h_0 or c_0, but dU gets h_0ᵀ·dZ_0 and dZ_0 sees c_0. Forward computes x·W for all T steps in one GEMM, then only h·U per step. A sparse
/// input (one-hot rows, see <see cref="SparseInput"/>) takes x·W and its kernel gradient as gather/scatter-adds of kernel rows.
/// </summary>
internal sealed class LstmLayer : Layer
{
    private readonly bool returnSequences;

    public LstmLayer(string name, int inputSize, int hidden, bool returnSequences)
        : base(name, inputSize, hidden, sequenceIn: true, sequenceOut: returnSequences)
    {
        this.returnSequences = returnSequences;
        Hidden = hidden;
        int g4 = 4 * hidden;
        Kernel = new NamedTensor(name + "/kernel", [inputSize, g4], new float[inputSize * g4]);
        Recurrent = new NamedTensor(name + "/recurrent_kernel", [hidden, g4], new float[hidden * g4]);
        Bias = new NamedTensor(name + "/bias", [g4], new float[g4]);
        KernelT = new float[g4 * inputSize];
        RecurrentT = new float[g4 * hidden];
        Parameters = [Kernel, Recurrent, Bias];
    }

    public int Hidden { get; }

    /// <summary>W (In,4H).</summary>
    public NamedTensor Kernel { get; }

    /// <summary>U (H,4H).</summary>
    public NamedTensor Recurrent { get; }

    /// <summary>b (4H).</summary>
    public NamedTensor Bias { get; }

    /// <summary>Wᵀ (4H,In), for dX = dZ·Wᵀ.</summary>
    private float[] KernelT { get; }

    /// <summary>Uᵀ (4H,H), for dh_{t-1} = dZ_t·Uᵀ.</summary>
    private float[] RecurrentT { get; }

    public override NamedTensor[] Parameters { get; }

    public override LayerBuffers CreateBuffers(int batch, int steps, bool needInputGradient) =>
        new LstmBuffers(batch, steps, InputSize, Hidden, returnSequences, needInputGradient);

    public override void PrepareBackward()
    {
        if (ComputesInputGradient) Transpose(Kernel.Data, KernelT, InputSize, 4 * Hidden);
        Transpose(Recurrent.Data, RecurrentT, Hidden, 4 * Hidden);
    }

    internal static void Transpose(float[] source, float[] target, int rows, int columns)
    {
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                target[c * rows + r] = source[r * columns + c];
    }

    public override void Forward(ReadOnlySpan<float> input, LayerBuffers layerBuffers)
    {
        var buffers = (LstmBuffers)layerBuffers;
        int batch = buffers.Batch, steps = buffers.Steps, h = Hidden, g4 = 4 * h;
        int stepGates = batch * g4, stepCells = batch * h;
        var gates = buffers.Gates.AsSpan();                                                          // (T,B,4H)
        if (buffers.Sparse.TryBuild(input, steps * batch, InputSize))
            buffers.Sparse.Multiply(Kernel.Data, gates, steps * batch, g4);                          // x·W by gathering W rows
        else
            Gemm.MultiplyNN(input, Kernel.Data, gates, steps * batch, InputSize, g4, accumulate: false); // x·W, all steps
        for (int t = 0; t < steps; t++)
        {
            var gatesT = gates.Slice(t * stepGates, stepGates);                                      // (B,4H)
            ReadOnlySpan<float> cPrev = default;
            if (t > 0)
            {
                var hPrev = buffers.HiddenStates.AsSpan((t - 1) * stepCells, stepCells);             // (B,H)
                Gemm.MultiplyNN(hPrev, Recurrent.Data, gatesT, batch, h, g4, accumulate: true);      // += h·U
                cPrev = buffers.Cell.AsSpan((t - 1) * stepCells, stepCells);
            }
            else if (buffers.HasInitialState)
            {
                Gemm.MultiplyNN(buffers.InitialHidden, Recurrent.Data, gatesT, batch, h, g4, accumulate: true); // += h_0·U
                cPrev = buffers.InitialCell;                                                          // (B,H) c_0
            }
            LstmCell.Forward(gatesT, Bias.Data, cPrev,
                buffers.Cell.AsSpan(t * stepCells, stepCells),
                buffers.TanhCell.AsSpan(t * stepCells, stepCells),
                buffers.HiddenStates.AsSpan(t * stepCells, stepCells), batch, h);
        }
    }

    public override void Backward(ReadOnlySpan<float> input, LayerBuffers layerBuffers, Span<float> outputGradient, float[][] gradients)
    {
        var buffers = (LstmBuffers)layerBuffers;
        int batch = buffers.Batch, steps = buffers.Steps, h = Hidden, g4 = 4 * h;
        int stepGates = batch * g4, stepCells = batch * h;
        var gates = buffers.Gates.AsSpan();                 // (T,B,4H), becomes dZ
        var dh = buffers.RecurrentGradient.AsSpan();        // (B,H)
        var dc = buffers.CellGradient.AsSpan();             // (B,H)
        var dKernel = gradients[FirstParameter].AsSpan();          // (In,4H)
        var dRecurrent = gradients[FirstParameter + 1].AsSpan();   // (H,4H)
        var dBias = gradients[FirstParameter + 2].AsSpan();        // (4H)
        dh.Clear();
        dc.Clear();
        for (int t = steps - 1; t >= 0; t--)
        {
            if (returnSequences)
                TensorPrimitives.Add(dh, outputGradient.Slice(t * stepCells, stepCells), dh);
            else if (t == steps - 1)
                outputGradient[..stepCells].CopyTo(dh);
            var gatesT = gates.Slice(t * stepGates, stepGates);
            ReadOnlySpan<float> cPrev = t > 0 ? buffers.Cell.AsSpan((t - 1) * stepCells, stepCells)
                : buffers.HasInitialState ? buffers.InitialCell : default;
            LstmCell.Backward(gatesT, cPrev, buffers.TanhCell.AsSpan(t * stepCells, stepCells), dh, dc, batch, h);

            // Everything that reads dZ_t happens now, while it is in L1; one GEMM over all steps at
            // the end would stream the whole (T,B,4H) gradient from L2 once per 4 rows of output.
            if (buffers.Sparse.Active)
                buffers.Sparse.AddTransposedProduct(t * batch, batch, gatesT, dKernel, g4);            // dW += x_tᵀ·dZ_t, scattered
            else
                Gemm.MultiplyTN(input.Slice(t * batch * InputSize, batch * InputSize), gatesT, dKernel, InputSize, batch, g4, accumulate: true); // dW += x_tᵀ·dZ_t
            for (int r = 0; r < batch; r++)
                TensorPrimitives.Add(dBias, gatesT.Slice(r * g4, g4), dBias);                           // db += Σ dZ_t
            if (buffers.InputGradient.Length > 0)
                Gemm.MultiplyNN(gatesT, KernelT, buffers.InputGradient.AsSpan(t * batch * InputSize, batch * InputSize),
                    batch, g4, InputSize, accumulate: false);                                           // dx_t = dZ_t·Wᵀ
            if (t > 0)
            {
                Gemm.MultiplyTN(buffers.HiddenStates.AsSpan((t - 1) * stepCells, stepCells), gatesT,
                    dRecurrent, h, batch, g4, accumulate: true);                                       // dU += h_{t-1}ᵀ·dZ_t
                Gemm.MultiplyNN(gatesT, RecurrentT, dh, batch, g4, h, accumulate: false);              // dh_{t-1} = dZ_t·Uᵀ
            }
            else if (buffers.HasInitialState)
            {
                // Truncated BPTT: h_0 is an input of this window, not a function of its weights; dh_0 and dc_0 are dropped.
                Gemm.MultiplyTN(buffers.InitialHidden, gatesT, dRecurrent, h, batch, g4, accumulate: true); // dU += h_0ᵀ·dZ_0
            }
        }
    }

    /// <summary>
    /// One step for one sequence: gates = b + x·W + h·U, then the cell; h and c are updated in place. A sparse x
    /// (a one-hot event row) adds only its nonzero columns' kernel rows to b, then h·U on top.
    /// </summary>
    public void Step(ReadOnlySpan<float> x, float[] gates, float[] hidden, ref float[] cell, ref float[] nextCell, float[] tanhCell)
    {
        int g4 = 4 * Hidden;
        if (GatherSparse(x, gates))
            MatVec.MultiplyAdd(hidden, Recurrent.Data, gates, gates, Hidden, g4);                          // += h·U
        else
            MatVec.MultiplyAdd(x, Kernel.Data, InputSize, hidden, Recurrent.Data, Hidden, Bias.Data, gates, g4); // b + x·W + h·U
        LstmCell.Forward(gates, default, cell, nextCell, tanhCell, hidden, 1, Hidden);
        (cell, nextCell) = (nextCell, cell);
    }

    /// <summary>gates = b + x·W from the nonzero columns of x, when at most 1/8 of x is nonzero; false (gates untouched) otherwise.</summary>
    private bool GatherSparse(ReadOnlySpan<float> x, Span<float> gates)
    {
        if (x.Length < 16) return false; // the original model's 3 features: nothing to gain
        int nonzeros = 0, limit = x.Length / 8;
        foreach (float v in x)
            if (v != 0f && ++nonzeros > limit) return false;
        int g4 = 4 * Hidden;
        Bias.Data.CopyTo(gates);
        ReadOnlySpan<float> kernel = Kernel.Data;
        for (int c = 0; c < x.Length; c++)
            if (x[c] != 0f) TensorPrimitives.FusedMultiplyAdd(kernel.Slice(c * g4, g4), x[c], gates[..g4], gates[..g4]);
        return true;
    }
}
