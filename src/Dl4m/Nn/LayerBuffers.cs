namespace Dl4m.Nn;

/// <summary>One worker's activations for one layer, sized once for a batch slice and a window length.</summary>
internal abstract class LayerBuffers
{
    protected LayerBuffers(int batch, int steps, int inputRows, int inputSize, bool needInputGradient)
    {
        Batch = batch;
        Steps = steps;
        InputGradient = needInputGradient ? new float[checked(inputRows * inputSize)] : [];
    }

    /// <summary>Windows in this worker's slice.</summary>
    public int Batch { get; }

    /// <summary>Time steps per window.</summary>
    public int Steps { get; }

    /// <summary>dLoss/dInput, same layout as the input; empty for the first layer, which needs none.</summary>
    public float[] InputGradient { get; }

    /// <summary>The layer's output: (T,B,Out) or (B,Out).</summary>
    public abstract Span<float> Output { get; }
}
