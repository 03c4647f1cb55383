namespace Dl4m.Nn;

/// <summary>
/// The recurrent state (h, c) of every LSTM layer for each row of a batch, carried from one window to the next window
/// of the same rows: pass it to <see cref="Model.ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{float}, int, int, IOutputLoss, CarriedState?)"/>
/// or <see cref="Model.Predict(ReadOnlySpan{float}, int, int, Span{float}, CarriedState?)"/> and the pass starts every row
/// from it and leaves the final state (h_T, c_T) of every row in it. Training through it is truncated backpropagation:
/// no gradient reaches the state. Starts at zero; <see cref="ResetRow"/> zeroes a row that starts a new sequence.
/// Create with <see cref="Model.CreateCarriedState"/>.
/// </summary>
public sealed class CarriedState
{
    internal CarriedState(Model model, int batch)
    {
        if (batch < 1) throw new Dl4mException($"a carried state needs at least 1 row (got {batch})");
        Model = model;
        Batch = batch;
        var layers = model.Layers;
        Hidden = new float[layers.Length][];
        Cell = new float[layers.Length][];
        for (int i = 0; i < layers.Length; i++)
        {
            bool lstm = layers[i] is LstmLayer;
            Hidden[i] = lstm ? new float[checked(batch * layers[i].OutputSize)] : [];
            Cell[i] = lstm ? new float[checked(batch * layers[i].OutputSize)] : [];
        }
    }

    /// <summary>The model this state belongs to.</summary>
    public Model Model { get; }

    /// <summary>Rows (sequences) of the batch.</summary>
    public int Batch { get; }

    /// <summary>Per layer: (B,H) h of an LSTM layer, batch-major; empty for a Dense layer.</summary>
    internal float[][] Hidden { get; }

    /// <summary>Per layer: (B,H) c of an LSTM layer; empty for a Dense layer.</summary>
    internal float[][] Cell { get; }

    /// <summary>h of layer <paramref name="layer"/> (B,H), batch-major; empty for a Dense layer.</summary>
    public ReadOnlySpan<float> HiddenOf(int layer) => Hidden[layer];

    /// <summary>c of layer <paramref name="layer"/> (B,H), batch-major; empty for a Dense layer.</summary>
    public ReadOnlySpan<float> CellOf(int layer) => Cell[layer];

    /// <summary>Sets h and c of layer <paramref name="layer"/> (each (B,H), batch-major).</summary>
    public void Set(int layer, ReadOnlySpan<float> hidden, ReadOnlySpan<float> cell)
    {
        if (hidden.Length != Hidden[layer].Length || cell.Length != Cell[layer].Length)
            throw new Dl4mException($"layer {layer} holds {Hidden[layer].Length} state values per h and c (got {hidden.Length} and {cell.Length})");
        hidden.CopyTo(Hidden[layer]);
        cell.CopyTo(Cell[layer]);
    }

    /// <summary>Zeroes row <paramref name="row"/> of every layer: that row starts a new sequence.</summary>
    public void ResetRow(int row)
    {
        if ((uint)row >= (uint)Batch) throw new ArgumentOutOfRangeException(nameof(row), $"row {row} of a {Batch}-row state");
        for (int i = 0; i < Hidden.Length; i++)
        {
            int h = Hidden[i].Length / Batch;
            Array.Clear(Hidden[i], row * h, h);
            Array.Clear(Cell[i], row * h, h);
        }
    }

    /// <summary>Zeroes every row.</summary>
    public void Reset()
    {
        foreach (var h in Hidden) Array.Clear(h);
        foreach (var c in Cell) Array.Clear(c);
    }
}
