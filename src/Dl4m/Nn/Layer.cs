namespace Dl4m.Nn;

/// <summary>
/// A layer's weights (shared by all worker threads) and its forward and backward passes over one
/// worker's batch slice. Activations live in <see cref="LayerBuffers"/>, one set per worker, so
/// threads never write to the same memory.
/// </summary>
internal abstract class Layer
{
    protected Layer(string name, int inputSize, int outputSize, bool sequenceIn, bool sequenceOut)
    {
        Name = name;
        InputSize = inputSize;
        OutputSize = outputSize;
        SequenceIn = sequenceIn;
        SequenceOut = sequenceOut;
    }

    /// <summary>Keras-style name: lstm_1, dense_2, …</summary>
    public string Name { get; }

    public int InputSize { get; }

    public int OutputSize { get; }

    /// <summary>Input is (T,B,In) rather than (B,In).</summary>
    public bool SequenceIn { get; }

    /// <summary>Output is (T,B,Out) rather than (B,Out).</summary>
    public bool SequenceOut { get; }

    /// <summary>The weights in Keras layout, in file order.</summary>
    public abstract NamedTensor[] Parameters { get; }

    /// <summary>Index of this layer's first tensor in the model's parameter list.</summary>
    public int FirstParameter { get; set; }

    /// <summary>Activation buffers for one worker's slice of <paramref name="batch"/> windows of <paramref name="steps"/> steps.</summary>
    public abstract LayerBuffers CreateBuffers(int batch, int steps, bool needInputGradient);

    /// <summary>
    /// False for the model's first layer, whose input gradient nobody needs: its backward pass skips dX, and
    /// <see cref="PrepareBackward"/> skips the transposed kernel that only dX reads.
    /// </summary>
    public bool ComputesInputGradient { get; set; } = true;

    /// <summary>Recomputes transposed weight copies used by the backward pass (weights may have been set from outside).</summary>
    public abstract void PrepareBackward();

    /// <summary>Forward pass of one batch slice; the result is left in <c>buffers.Output</c>.</summary>
    public abstract void Forward(ReadOnlySpan<float> input, LayerBuffers buffers);

    /// <summary>
    /// Forward pass given also the model's input of the same rows, (rows,F) (only <see cref="CopyLayer"/> reads it).
    /// </summary>
    public virtual void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> modelInput, LayerBuffers buffers) => Forward(input, buffers);

    /// <summary>Backward pass given also the model's input of the same rows (only <see cref="CopyLayer"/> reads it).</summary>
    public virtual void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> modelInput, LayerBuffers buffers, Span<float> outputGradient, float[][] gradients) =>
        Backward(input, buffers, outputGradient, gradients);

    /// <summary>
    /// Backward pass: given dLoss/dOutput, adds this slice's weight gradients into
    /// <paramref name="gradients"/> (indexed like the model's parameters) and, when the buffers were
    /// made with an input gradient, writes dLoss/dInput into <c>buffers.InputGradient</c>.
    /// <paramref name="outputGradient"/> may be overwritten.
    /// </summary>
    public abstract void Backward(ReadOnlySpan<float> input, LayerBuffers buffers, Span<float> outputGradient, float[][] gradients);
}
