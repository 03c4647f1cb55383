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
        InitialHidden = new float[batch * hidden];
        InitialCell = new float[batch * hidden];
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

    /// <summary>(B,H) h_0 of each row when <see cref="HasInitialState"/>; otherwise unused (the state starts at zero).</summary>
    public float[] InitialHidden { get; }

    /// <summary>(B,H) c_0 of each row when <see cref="HasInitialState"/>.</summary>
    public float[] InitialCell { get; }

    /// <summary>
    /// The pass starts from (<see cref="InitialHidden"/>, <see cref="InitialCell"/>) rather than zero. False by default, and
    /// then step 0 skips h·U and f·c entirely, as before: a zero state costs nothing.
    /// </summary>
    public bool HasInitialState { get; set; }

    /// <summary>(B,H) h_T, the hidden state after the last step: what the next window of the same rows starts from.</summary>
    public ReadOnlySpan<float> FinalHidden => HiddenStates.AsSpan((Steps - 1) * Batch * Hidden, Batch * Hidden);

    /// <summary>(B,H) c_T, the cell state after the last step.</summary>
    public ReadOnlySpan<float> FinalCell => Cell.AsSpan((Steps - 1) * Batch * Hidden, Batch * Hidden);

    /// <inheritdoc/>
    public override Span<float> Output => returnSequences
        ? HiddenStates
        : HiddenStates.AsSpan((Steps - 1) * Batch * Hidden, Batch * Hidden);
}
