namespace Dl4m.Nn;

/// <summary>One worker's Dense activations: the output rows (after the activation).</summary>
internal sealed class DenseBuffers : LayerBuffers
{
    public DenseBuffers(int batch, int steps, int rows, int inputSize, int outputSize, bool needInputGradient)
        : base(batch, steps, rows, inputSize, needInputGradient)
    {
        Rows = rows;
        Values = new float[checked(rows * outputSize)];
    }

    /// <summary>T·B for a sequence input, B otherwise.</summary>
    public int Rows { get; }

    /// <summary>(Rows,Out) activated outputs.</summary>
    public float[] Values { get; }

    /// <inheritdoc/>
    public override Span<float> Output => Values;
}
