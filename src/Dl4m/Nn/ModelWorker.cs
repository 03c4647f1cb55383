namespace Dl4m.Nn;

/// <summary>
/// One thread's share of a batch: windows [BatchStart, BatchStart + Batch) in internal time-major
/// layout, every layer's activations for them, and (for workers after the first) private gradient
/// buffers that the model adds up in worker order, so results depend on the thread count but not on timing.
/// </summary>
internal sealed class ModelWorker
{
    private readonly Layer[] layers;
    private readonly bool outputIsSequence;

    public ModelWorker(Layer[] layers, int modelInputSize, int batchStart, int batch, int steps, float[][] gradients, bool outputIsSequence)
    {
        this.layers = layers;
        this.outputIsSequence = outputIsSequence;
        BatchStart = batchStart;
        Batch = batch;
        Steps = steps;
        Gradients = gradients;
        Input = new float[checked(steps * batch * modelInputSize)];
        FirstLayerInput = modelInputSize == layers[0].InputSize ? Input : new float[checked(steps * batch * layers[0].InputSize)];
        OutputRows = outputIsSequence ? checked(steps * batch) : batch;
        Target = new float[checked(OutputRows * layers[^1].OutputSize)];
        OutputGradient = new float[Target.Length];
        Buffers = new LayerBuffers[layers.Length];
        for (int i = 0; i < layers.Length; i++)
            Buffers[i] = layers[i].CreateBuffers(batch, steps, needInputGradient: layers[i].ComputesInputGradient);
    }

    public int BatchStart { get; }

    public int Batch { get; }

    public int Steps { get; }

    /// <summary>(T,B,F) this slice's input, time-major.</summary>
    public float[] Input { get; }

    /// <summary>
    /// (T,B,F0) what the first layer reads: <see cref="Input"/> itself, or the first F0 columns of each of its rows when
    /// the first layer takes only a prefix (<see cref="LayerConfig.InputColumns"/>).
    /// </summary>
    public float[] FirstLayerInput { get; }

    /// <summary>Output rows of this slice: T·b many-to-many, b many-to-one.</summary>
    public int OutputRows { get; }

    /// <summary>
    /// (T,B,W) or (B,W) this slice's targets, W floats per output row (the output size for MSE; a loss may ask
    /// for another width, see <see cref="IOutputLoss.TargetWidth"/>). Reallocated only when W changes.
    /// </summary>
    public float[] Target { get; private set; }

    /// <summary>dLoss/dOutput, (T,B,Out) or (B,Out).</summary>
    public float[] OutputGradient { get; }

    public LayerBuffers[] Buffers { get; }

    /// <summary>Gradient accumulators, one per model parameter (the model's own for worker 0).</summary>
    public float[][] Gradients { get; }

    /// <summary>Σ (y − target)² over this slice after <see cref="Evaluate"/>, accumulated in double.</summary>
    public double SquaredError { get; private set; }

    /// <summary>The model's output for this slice: (T,B,Out) or (B,Out).</summary>
    public Span<float> Output => Buffers[^1].Output;

    public void Forward()
    {
        ReadOnlySpan<float> x = FirstLayerInput;
        for (int i = 0; i < layers.Length; i++)
        {
            layers[i].Forward(x, Input, Buffers[i]);
            x = Buffers[i].Output;
        }
    }

    /// <summary>Mean of the loss over this slice's output rows after <see cref="Train"/>.</summary>
    public double MeanLoss { get; private set; }

    /// <summary>
    /// Forward, the loss's mean and d mean / d y over this slice, scaled by <paramref name="sliceWeight"/>
    /// (this slice's share of the batch's rows, so the slices' gradients add up to the batch mean's), and backward.
    /// </summary>
    public void Train(IOutputLoss loss, int workerIndex, float sliceWeight)
    {
        Forward();
        foreach (var g in Gradients) Array.Clear(g);
        MeanLoss = loss.Compute(Output, Target, OutputGradient, OutputRows, workerIndex);
        if (sliceWeight != 1f) System.Numerics.Tensors.TensorPrimitives.Multiply(OutputGradient, sliceWeight, OutputGradient);
        Span<float> dOut = OutputGradient;
        for (int i = layers.Length - 1; i >= 0; i--)
        {
            ReadOnlySpan<float> x = i == 0 ? FirstLayerInput : Buffers[i - 1].Output;
            layers[i].Backward(x, Input, Buffers[i], dOut, Gradients);
            dOut = Buffers[i].InputGradient;
        }
    }

    /// <summary>Forward and Σ (y − target)², no backward.</summary>
    public void Evaluate()
    {
        Forward();
        ReadOnlySpan<float> y = Output;
        double sum = 0;
        for (int i = 0; i < Target.Length; i++)
        {
            double diff = (double)y[i] - Target[i];
            sum += diff * diff;
        }
        SquaredError = sum;
    }

    /// <summary>
    /// Starts this slice's LSTM layers from rows [BatchStart, BatchStart + Batch) of <paramref name="state"/>, or from
    /// zero when it is null (the default, which then costs nothing).
    /// </summary>
    public void LoadState(CarriedState? state)
    {
        for (int i = 0; i < layers.Length; i++)
        {
            if (Buffers[i] is not LstmBuffers lstm) continue;
            lstm.HasInitialState = state is not null;
            if (state is null) continue;
            int size = Batch * lstm.Hidden, offset = BatchStart * lstm.Hidden;
            state.Hidden[i].AsSpan(offset, size).CopyTo(lstm.InitialHidden);
            state.Cell[i].AsSpan(offset, size).CopyTo(lstm.InitialCell);
        }
    }

    /// <summary>Writes this slice's final LSTM states (h_T, c_T) into its rows of <paramref name="state"/>.</summary>
    public void StoreState(CarriedState state)
    {
        for (int i = 0; i < layers.Length; i++)
        {
            if (Buffers[i] is not LstmBuffers lstm) continue;
            int size = Batch * lstm.Hidden, offset = BatchStart * lstm.Hidden;
            lstm.FinalHidden.CopyTo(state.Hidden[i].AsSpan(offset, size));
            lstm.FinalCell.CopyTo(state.Cell[i].AsSpan(offset, size));
        }
    }

    /// <summary>Copies this slice of a (B,T,F) batch into time-major (T,b,F).</summary>
    public void ScatterInput(ReadOnlySpan<float> input, int steps, int features)
    {
        ToTimeMajor(input, Input, steps, features);
        if (ReferenceEquals(FirstLayerInput, Input)) return;
        int prefix = layers[0].InputSize;
        for (int r = 0; r < steps * Batch; r++)
            Input.AsSpan(r * features, prefix).CopyTo(FirstLayerInput.AsSpan(r * prefix, prefix));
    }

    /// <summary>Copies this slice of the targets, <paramref name="width"/> floats per row: (B,T,W) → (T,b,W), or (B,W) → (b,W).</summary>
    public void ScatterTarget(ReadOnlySpan<float> target, int steps, int width)
    {
        if (Target.Length != OutputRows * width) Target = new float[checked(OutputRows * width)];
        if (outputIsSequence) ToTimeMajor(target, Target, steps, width);
        else target.Slice(BatchStart * width, Batch * width).CopyTo(Target);
    }

    /// <summary>Copies this slice's output into the caller's batch-major (B,T,Out) or (B,Out) array.</summary>
    public void GatherOutput(Span<float> output, int steps, int outputs)
    {
        ReadOnlySpan<float> y = Output;
        if (!outputIsSequence)
        {
            y[..(Batch * outputs)].CopyTo(output.Slice(BatchStart * outputs, Batch * outputs));
            return;
        }
        for (int t = 0; t < steps; t++)
            for (int b = 0; b < Batch; b++)
                y.Slice((t * Batch + b) * outputs, outputs)
                    .CopyTo(output.Slice(((BatchStart + b) * steps + t) * outputs, outputs));
    }

    private void ToTimeMajor(ReadOnlySpan<float> source, Span<float> target, int steps, int width)
    {
        for (int b = 0; b < Batch; b++)
            for (int t = 0; t < steps; t++)
                source.Slice(((BatchStart + b) * steps + t) * width, width)
                    .CopyTo(target.Slice((t * Batch + b) * width, width));
    }
}
