namespace Dl4m.Nn;

/// <summary>
/// A network built from a <see cref="ModelConfig"/>: weights (exposed in Keras layout as
/// <see cref="Parameters"/>), inference over (B,T,F) batches, training steps (MSE or any <see cref="IOutputLoss"/>) that fill
/// <see cref="Gradients"/>, and a batch-1 step API for generation. Many-to-one or many-to-many
/// follows from the config (<see cref="ModelConfig.OutputIsSequence"/>).
/// Work is split over <see cref="Threads"/> persistent threads by batch slice; each slice's gradients
/// are added up in slice order, so results are deterministic for a given seed and thread count.
/// Not thread-safe: one caller at a time.
/// </summary>
public sealed class Model : INetwork
{
    private readonly NamedTensor[] parameters;
    private readonly NamedTensor[] gradients;
    private readonly Action<int> trainJob, evaluateJob, forwardJob;
    private ModelWorker[] workers = [];
    private WorkerPool? pool;
    private int threads = 1;
    private IOutputLoss trainLoss = MeanSquaredError.Instance;
    private int trainRows;
    private readonly bool outputIsSequence; // cached: the config's property enumerates an interface (allocates)

    private Model(ModelConfig config)
    {
        config.Validate();
        Config = config;
        outputIsSequence = config.OutputIsSequence;
        var names = config.LayerNames();
        Layers = new Layer[config.Layers.Count];
        bool sequence = true;
        var parameterList = new List<NamedTensor>();
        for (int i = 0; i < Layers.Length; i++)
        {
            var layer = config.Layers[i];
            int inputSize = config.LayerInputSize(i);
            Layers[i] = layer.Kind switch
            {
                LayerKind.Lstm => new LstmLayer(names[i], inputSize, layer.Units, layer.ReturnSequences),
                LayerKind.Copy => new CopyLayer(names[i], layer, config.InputSize, sequence),
                _ => new DenseLayer(names[i], inputSize, layer.Units, layer.Activation, sequence),
            };
            if (layer.Kind == LayerKind.Lstm) sequence = layer.ReturnSequences;
            Layers[i].FirstParameter = parameterList.Count;
            Layers[i].ComputesInputGradient = i > 0;
            parameterList.AddRange(Layers[i].Parameters);
        }
        parameters = [.. parameterList];
        gradients = [.. parameters.Select(p => new NamedTensor(p.Name, p.Shape, new float[p.Data.Length]))];
        trainJob = i => workers[i].Train(trainLoss, i, SliceWeight(workers[i]));
        evaluateJob = i => workers[i].Evaluate();
        forwardJob = i => workers[i].Forward();
    }

    /// <summary>
    /// A new model with Keras' initialisation from <paramref name="seed"/>: glorot-uniform kernels,
    /// orthogonal recurrent kernels, zero biases except the LSTM forget gate's, which is 1
    /// (Keras' unit_forget_bias). Throws <see cref="Dl4mException"/> for an impossible config.
    /// </summary>
    public static Model Create(ModelConfig config, int seed)
    {
        var model = new Model(config);
        var random = new Random(seed);
        foreach (var layer in model.Layers)
        {
            switch (layer)
            {
                case LstmLayer lstm:
                    WeightInit.GlorotUniform(lstm.Kernel.Data, lstm.InputSize, 4 * lstm.Hidden, random);
                    WeightInit.Orthogonal(lstm.Recurrent.Data, lstm.Hidden, 4 * lstm.Hidden, random);
                    Array.Fill(lstm.Bias.Data, 1f, lstm.Hidden, lstm.Hidden);
                    break;
                case DenseLayer dense:
                    WeightInit.GlorotUniform(dense.Kernel.Data, dense.InputSize, dense.OutputSize, random);
                    break;
            }
        }
        return model;
    }

    /// <summary>A model with all weights zero, to be filled through <see cref="Parameters"/> (as the loader does).</summary>
    public static Model CreateEmpty(ModelConfig config) => new(config);

    /// <summary>The config this model was built from.</summary>
    public ModelConfig Config { get; }

    /// <summary>The weights, Keras layout and names, in file order (per layer: kernel, recurrent_kernel, bias / kernel, bias). Writable.</summary>
    public IReadOnlyList<NamedTensor> Parameters => parameters;

    /// <summary>dLoss/dParameter from the last <see cref="ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{float}, int, int)"/>, same names, shapes and order as <see cref="Parameters"/>.</summary>
    public IReadOnlyList<NamedTensor> Gradients => gradients;

    /// <summary>Features per input step.</summary>
    public int InputSize => Config.InputSize;

    /// <summary>Outputs per step (or per window for many-to-one).</summary>
    public int OutputSize => Config.OutputSize;

    internal Layer[] Layers { get; }

    /// <summary>Worker threads used to split a batch (default 1). Results are deterministic for a given count.</summary>
    public int Threads
    {
        get => threads;
        set
        {
            if (value < 1) throw new Dl4mException($"threads must be at least 1 (got {value})");
            if (value == threads) return;
            threads = value;
            pool?.Dispose();
            pool = null;
            workers = [];
        }
    }

    /// <summary>Output length for a batch: B·Out for many-to-one, B·T·Out for many-to-many.</summary>
    public int OutputLength(int batch, int steps) =>
        checked(batch * (outputIsSequence ? steps : 1) * OutputSize);

    /// <summary>Runs the model on input (B,T,F) row-major and returns (B,Out) or (B,T,Out).</summary>
    public float[] Predict(ReadOnlySpan<float> input, int batch, int steps)
    {
        var output = new float[OutputLength(batch, steps)];
        Predict(input, batch, steps, output);
        return output;
    }

    /// <summary>Runs the model on input (B,T,F) into <paramref name="output"/>, (B,Out) or (B,T,Out). Allocates nothing once warmed up.</summary>
    public void Predict(ReadOnlySpan<float> input, int batch, int steps, Span<float> output) =>
        Predict(input, batch, steps, output, null);

    /// <summary>
    /// As <see cref="Predict(ReadOnlySpan{float}, int, int, Span{float})"/>, each row starting from its row of
    /// <paramref name="state"/> (null: zero), which then holds every row's final state, ready for the rows' next windows.
    /// </summary>
    public void Predict(ReadOnlySpan<float> input, int batch, int steps, Span<float> output, CarriedState? state)
    {
        CheckState(state, batch);
        Prepare(input, batch, steps);
        if (output.Length != OutputLength(batch, steps))
            throw new Dl4mException($"output has {output.Length} values, the model gives {OutputLength(batch, steps)} for batch {batch} × {steps} steps");
        foreach (var w in workers) w.LoadState(state);
        pool!.Run(forwardJob, workers.Length);
        foreach (var w in workers) w.GatherOutput(output, steps, OutputSize);
        if (state is not null) foreach (var w in workers) w.StoreState(state);
    }

    /// <summary>A zero <see cref="CarriedState"/> for <paramref name="batch"/> rows.</summary>
    public CarriedState CreateCarriedState(int batch) => new(this, batch);

    private void CheckState(CarriedState? state, int batch)
    {
        if (state is null) return;
        if (state.Model != this) throw new ArgumentException("the carried state belongs to another model", nameof(state));
        if (state.Batch != batch) throw new Dl4mException($"the carried state has {state.Batch} rows, the batch {batch}");
    }

    /// <summary>
    /// One training step's forward and backward pass: MSE between the output and
    /// <paramref name="target"/> ((B,Out) for many-to-one, (B,T,Out) for many-to-many), mean over all
    /// elements as Keras and PyTorch compute it. Overwrites <see cref="Gradients"/> with dLoss/dParameter
    /// and returns the loss. Allocates nothing once warmed up for this batch shape.
    /// </summary>
    public float ComputeGradients(ReadOnlySpan<float> input, ReadOnlySpan<float> target, int batch, int steps) =>
        (float)ComputeGradients(input, target, batch, steps, MeanSquaredError.Instance);

    /// <summary>
    /// One training step with any loss on the output: after the forward pass each worker asks
    /// <paramref name="loss"/> for the mean and d mean / d output of its own output rows, and
    /// back-propagates from there. Rows are output vectors (B for many-to-one, B·T for many-to-many);
    /// <paramref name="target"/> holds <see cref="IOutputLoss.TargetWidth"/> floats per row ((B,W) or (B,T,W));
    /// the slices are weighted by their share of the rows, so the result is the batch mean and its gradient.
    /// Overwrites <see cref="Gradients"/> and returns the loss. Allocates nothing once warmed up (given a
    /// loss that allocates nothing); deterministic for a given thread count.
    /// </summary>
    public double ComputeGradients(ReadOnlySpan<float> input, ReadOnlySpan<float> target, int batch, int steps, IOutputLoss loss) =>
        ComputeGradients(input, target, batch, steps, loss, null);

    /// <summary>
    /// As <see cref="ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{float}, int, int, IOutputLoss)"/>, each row's LSTM
    /// layers starting from its row of <paramref name="state"/> (null: zero) — truncated backpropagation through time: the
    /// gradients see h_0·U and c_0 but flow no further back — and <paramref name="state"/> then holds each row's final state.
    /// </summary>
    public double ComputeGradients(ReadOnlySpan<float> input, ReadOnlySpan<float> target, int batch, int steps, IOutputLoss loss, CarriedState? state)
    {
        ArgumentNullException.ThrowIfNull(loss);
        CheckState(state, batch);
        int targetWidth = loss.TargetWidth(OutputSize);
        if (targetWidth < 1) throw new Dl4mException($"the loss asks for target rows of {targetWidth} values; it must be at least 1");
        PrepareTraining(input, target, batch, steps, targetWidth);
        foreach (var layer in Layers) layer.PrepareBackward();
        trainLoss = loss;
        trainRows = target.Length / targetWidth;
        foreach (var w in workers) w.LoadState(state);
        try
        {
            pool!.Run(trainJob, workers.Length);
        }
        finally
        {
            trainLoss = MeanSquaredError.Instance; // don't keep the caller's loss alive
        }
        if (state is not null) foreach (var w in workers) w.StoreState(state);
        double mean = workers[0].MeanLoss * SliceWeight(workers[0]);
        for (int w = 1; w < workers.Length; w++)
        {
            mean += workers[w].MeanLoss * SliceWeight(workers[w]);
            var own = workers[w].Gradients;
            for (int p = 0; p < gradients.Length; p++)
            {
                var total = gradients[p].Data;
                System.Numerics.Tensors.TensorPrimitives.Add(total, own[p], total);
            }
        }
        return mean;
    }

    /// <summary>A worker's share of the batch's output rows (exactly 1 with one worker).</summary>
    private float SliceWeight(ModelWorker worker) =>
        workers.Length == 1 ? 1f : (float)((double)worker.OutputRows / trainRows);

    /// <summary>The MSE loss only (no gradients), summed in double: for validation and finite-difference checks.</summary>
    public double Loss(ReadOnlySpan<float> input, ReadOnlySpan<float> target, int batch, int steps)
    {
        PrepareTraining(input, target, batch, steps, OutputSize);
        foreach (var w in workers) w.LoadState(null);
        pool!.Run(evaluateJob, workers.Length);
        double sum = 0;
        foreach (var w in workers) sum += w.SquaredError;
        return sum / target.Length;
    }

    /// <summary>A zero recurrent state for generating one sequence step by step.</summary>
    public InferenceState CreateState() => new(this);

    /// <summary>
    /// Feeds one step (F values) of one sequence and writes the model's output for it (Out values):
    /// what <see cref="Predict(ReadOnlySpan{float}, int, int, Span{float})"/> would give for the last
    /// step of the whole sequence so far. Allocates nothing.
    /// </summary>
    public void Step(InferenceState state, ReadOnlySpan<float> input, Span<float> output)
    {
        if (state.Model != this) throw new ArgumentException("the state belongs to another model", nameof(state));
        if (input.Length != InputSize) throw new Dl4mException($"step input has {input.Length} values, the model takes {InputSize}");
        if (output.Length != OutputSize) throw new Dl4mException($"step output has room for {output.Length} values, the model gives {OutputSize}");
        ReadOnlySpan<float> x = input[..Layers[0].InputSize]; // the first layer may read only a prefix (LayerConfig.InputColumns)
        for (int i = 0; i < Layers.Length; i++)
        {
            switch (Layers[i])
            {
                case LstmLayer lstm:
                    lstm.Step(x, state.Values[i], state.Hidden[i], ref state.Cell[i], ref state.NextCell[i], state.TanhCell[i]);
                    x = state.Hidden[i];
                    break;
                case DenseLayer dense:
                    dense.Apply(x, state.Values[i], 1);
                    x = state.Values[i];
                    break;
                case CopyLayer copy:
                    copy.Apply(x, input, state.Values[i], 1);
                    x = state.Values[i];
                    break;
            }
        }
        x.CopyTo(output);
    }

    /// <summary>Scatters the input and the targets, (B,W) or (B,T,W) with W = <paramref name="targetWidth"/> floats per output row.</summary>
    private void PrepareTraining(ReadOnlySpan<float> input, ReadOnlySpan<float> target, int batch, int steps, int targetWidth)
    {
        Prepare(input, batch, steps);
        long rows = (long)batch * (outputIsSequence ? steps : 1);
        if (target.Length != rows * targetWidth)
        {
            string width = targetWidth == OutputSize ? "Out" : "W";
            throw new Dl4mException(outputIsSequence
                ? $"target has {target.Length} values, many-to-many training needs (B,T,{width}) = {batch}×{steps}×{targetWidth}"
                : $"target has {target.Length} values, many-to-one training needs (B,{width}) = {batch}×{targetWidth}");
        }
        foreach (var w in workers) w.ScatterTarget(target, steps, targetWidth);
    }

    private void Prepare(ReadOnlySpan<float> input, int batch, int steps)
    {
        if (batch < 1 || steps < 1) throw new Dl4mException($"batch ({batch}) and steps ({steps}) must be at least 1");
        if (input.Length != (long)batch * steps * InputSize)
            throw new Dl4mException($"input has {input.Length} values, expected (B,T,F) = {batch}×{steps}×{InputSize}");
        EnsureWorkers(batch, steps);
        foreach (var w in workers) w.ScatterInput(input, steps, InputSize);
    }

    private void EnsureWorkers(int batch, int steps)
    {
        pool ??= new WorkerPool(threads);
        int used = Math.Min(threads, batch);
        if (workers.Length == used && workers[0].Steps == steps && workers[^1].BatchStart + workers[^1].Batch == batch) return;
        try
        {
            var list = new ModelWorker[used];
            int start = 0;
            for (int w = 0; w < used; w++)
            {
                int size = batch / used + (w < batch % used ? 1 : 0);
                var grads = w == 0
                    ? gradients.Select(g => g.Data).ToArray()
                    : gradients.Select(g => new float[g.Data.Length]).ToArray();
                list[w] = new ModelWorker(Layers, InputSize, start, size, steps, grads, outputIsSequence);
                start += size;
            }
            workers = list;
        }
        catch (OverflowException)
        {
            throw new Dl4mException($"batch {batch} × {steps} steps is too large for this model's buffers");
        }
    }

    long INetwork.ParameterCount => Config.ParameterCount();

    string INetwork.Describe() => Config.Describe();

    string INetwork.ConfigJson() => ModelConfigJson.Serialize(Config);

    ISequenceState INetwork.CreateSequenceState() => CreateState();

    /// <summary>Stops the worker threads.</summary>
    public void Dispose()
    {
        pool?.Dispose();
        pool = null;
        workers = [];
    }
}
