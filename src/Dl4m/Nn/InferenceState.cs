namespace Dl4m.Nn;

/// <summary>
/// The recurrent state of one sequence being generated step by step (batch 1): h and c of every LSTM
/// layer plus scratch space, so <see cref="Model.Step"/> allocates nothing. Create with
/// <see cref="Model.CreateState"/>; starts at zero, as a training window does.
/// </summary>
public sealed class InferenceState : ISequenceState
{
    internal InferenceState(Model model)
    {
        Model = model;
        var layers = model.Layers;
        Hidden = new float[layers.Length][];
        Cell = new float[layers.Length][];
        NextCell = new float[layers.Length][];
        TanhCell = new float[layers.Length][];
        Values = new float[layers.Length][];
        for (int i = 0; i < layers.Length; i++)
        {
            int n = layers[i].OutputSize;
            Values[i] = new float[layers[i] is LstmLayer ? 4 * n : n];
            bool lstm = layers[i] is LstmLayer;
            Hidden[i] = lstm ? new float[n] : [];
            Cell[i] = lstm ? new float[n] : [];
            NextCell[i] = lstm ? new float[n] : [];
            TanhCell[i] = lstm ? new float[n] : [];
        }
    }

    /// <summary>The model this state belongs to.</summary>
    public Model Model { get; }

    internal float[][] Hidden { get; }

    internal float[][] Cell { get; }

    internal float[][] NextCell { get; }

    internal float[][] TanhCell { get; }

    /// <summary>Per layer: the LSTM gates (4H) or the Dense or Copy output (Out).</summary>
    internal float[][] Values { get; }

    /// <summary>
    /// Makes this state equal to <paramref name="source"/> (h and c of every LSTM layer), e.g. to branch a sequence in
    /// beam search. Allocates nothing; both states must belong to the same model.
    /// </summary>
    public void CopyFrom(InferenceState source)
    {
        if (source.Model != Model) throw new ArgumentException("the state belongs to another model", nameof(source));
        if (ReferenceEquals(source, this)) return;
        for (int i = 0; i < Hidden.Length; i++)
        {
            source.Hidden[i].CopyTo(Hidden[i], 0);
            source.Cell[i].CopyTo(Cell[i], 0);
        }
    }

    /// <summary>Back to the zero state, to start a new sequence.</summary>
    void ISequenceState.Step(ReadOnlySpan<float> input, Span<float> output) => Model.Step(this, input, output);

    void ISequenceState.CopyFrom(ISequenceState source) =>
        CopyFrom(source as InferenceState ?? throw new ArgumentException("the state belongs to another kind of network", nameof(source)));

    /// <summary>Back to the zero state.</summary>
    public void Reset()
    {
        foreach (var a in Hidden) Array.Clear(a);
        foreach (var a in Cell) Array.Clear(a);
    }
}
