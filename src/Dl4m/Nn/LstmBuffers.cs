namespace Dl4m.Nn;

/// <summary>One worker's LSTM activations over a (T,B) window slice, kept for the backward pass.</summary>
internal sealed class LstmBuffers : LayerBuffers
{
    private readonly bool returnSequences;

    public LstmBuffers(int batch, int steps, int inputSize, int hidden, bool returnSequences, bool needInputGradient)
        : base(batch, steps, checked(steps * batch), inputSize, needInputGradient)
    {
        this.returnSequences = returnSequences;
        Hidden = hidden;
        int cells = checked(steps * batch * hidden);
        Gates = new float[checked(cells * 4)];
        Cell = new float[cells];
        TanhCell = new float[cells];
        HiddenStates = new float[cells];
        RecurrentGradient = new float[batch * hidden];
        CellGradient = new float[batch * hidden];
        Sparse = new SparseInput(checked(steps * batch), inputSize);
    }

    /// <summary>The input's nonzeros when it is sparse (one-hot rows), found by the forward pass and reused by the backward pass.</summary>
    public SparseInput Sparse { get; }

    public int Hidden { get; }

    /// <summary>(T,B,4H): gate activations i, f, c, o after the forward pass; dLoss/d(pre-activation) after the backward pass.</summary>
    public float[] Gates { get; }

    /// <summary>(T,B,H) cell states c_t.</summary>
    public float[] Cell { get; }

    /// <summary>(T,B,H) tanh(c_t), kept so the backward pass need not recompute it.</summary>
    public float[] TanhCell { get; }

    /// <summary>(T,B,H) hidden states h_t.</summary>
    public float[] HiddenStates { get; }

    /// <summary>(B,H) dLoss/dh carried from step t+1 to step t.</summary>
    public float[] RecurrentGradient { get; }

    /// <summary>(B,H) dLoss/dc carried from step t+1 to step t.</summary>
    public float[] CellGradient { get; }

    /// <inheritdoc/>
    public override Span<float> Output => returnSequences
        ? HiddenStates
        : HiddenStates.AsSpan((Steps - 1) * Batch * Hidden, Batch * Hidden);
}
