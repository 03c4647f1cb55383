using System.Numerics.Tensors;

namespace Dl4m.Nn.Transformer;

/// <summary>
/// The decoder-only transformer of a <see cref="TransformerConfig"/> (see there and docs/transformer.md): weights in
/// <see cref="Parameters"/>, inference over (B,T,F) windows, training steps with any <see cref="IOutputLoss"/> that fill
/// <see cref="Gradients"/>, and batch-1 generation with a key/value cache (<see cref="CreateCache"/>, <see cref="Step"/>).
/// Work is split over <see cref="Threads"/> persistent threads by batch slice; each slice's gradients are added up in
/// slice order, so results are deterministic for a given thread count; dropout masks hash (seed, step, element) and do
/// not depend on it. Not thread-safe: one caller at a time.
/// </summary>
public sealed class TransformerNetwork : INetwork
{
    private readonly TransformerWeights weights, gradients;
    private readonly TransposedWeights transposed;
    private readonly Action<int> trainJob, forwardJob;
    private TransformerWorker[] workers = [];
    private WorkerPool? pool;
    private int threads = 1;
    private IOutputLoss trainLoss = MeanSquaredError.Instance;
    private int trainRows;

    private TransformerNetwork(TransformerConfig config)
    {
        config.Validate();
        Config = config;
        weights = new TransformerWeights(config);
        gradients = new TransformerWeights(config);
        transposed = new TransposedWeights(config, weights);
        trainJob = i => workers[i].Train(trainLoss, i, SliceWeight(workers[i]));
        forwardJob = i => workers[i].Forward();
    }

    /// <summary>
    /// A new network initialised from <paramref name="seed"/>: Glorot-uniform kernels, zero biases, LayerNorm gains 1,
    /// relative embeddings N(0, 0.02²)-like (uniform of the same spread); the seed also keys the dropout masks.
    /// </summary>
    public static TransformerNetwork Create(TransformerConfig config, int seed)
    {
        var network = new TransformerNetwork(config) { DropoutSeed = (ulong)seed };
        var random = new Random(seed);
        var w = network.weights;
        int d = config.Width, f = config.FeedForward;
        WeightInit.GlorotUniform(w.Embedding.Data, config.InputSize, d, random);
        foreach (var block in w.Blocks)
        {
            Array.Fill(block.Norm1Gain.Data, 1f);
            Array.Fill(block.Norm2Gain.Data, 1f);
            WeightInit.GlorotUniform(block.Qkv.Data, d, 3 * d, random);
            double spread = 0.02 * Math.Sqrt(3);
            for (int i = 0; i < block.Relative.Data.Length; i++) block.Relative.Data[i] = (float)((random.NextDouble() * 2 - 1) * spread);
            WeightInit.GlorotUniform(block.Out.Data, d, d, random);
            WeightInit.GlorotUniform(block.Up.Data, d, f, random);
            WeightInit.GlorotUniform(block.Down.Data, f, d, random);
        }
        Array.Fill(w.FinalGain.Data, 1f);
        WeightInit.GlorotUniform(w.Output.Data, d, config.OutputSize, random);
        return network;
    }

    /// <summary>A network with all weights zero, to be filled through <see cref="Parameters"/> (as the loader does).</summary>
    public static TransformerNetwork CreateEmpty(TransformerConfig config) => new(config);

    /// <summary>The config this network was built from.</summary>
    public TransformerConfig Config { get; }

    /// <inheritdoc/>
    public IReadOnlyList<NamedTensor> Parameters => weights.All;

    /// <inheritdoc/>
    public IReadOnlyList<NamedTensor> Gradients => gradients.All;

    /// <inheritdoc/>
    public int InputSize => Config.InputSize;

    /// <inheritdoc/>
    public int OutputSize => Config.OutputSize;

    /// <inheritdoc/>
    public long ParameterCount => Config.ParameterCount();

    /// <inheritdoc/>
    public string Describe() => Config.Describe();

    /// <inheritdoc/>
    public string ConfigJson() => TransformerConfigJson.Serialize(Config);

    internal TransformerWeights Weights => weights;

    /// <summary>Keys the dropout masks (the creation seed).</summary>
    public ulong DropoutSeed { get; set; }

    /// <summary>Training steps taken: the second key of the dropout masks, so every step draws new ones (a resumed run sets it).</summary>
    public long TrainingSteps { get; set; }

    /// <summary>Dropout in training steps; the config's unless changed (tests set 0 or another rate).</summary>
    public double DropoutRate { get; set; } = -1;

    private double Dropout => DropoutRate >= 0 ? DropoutRate : Config.Dropout;

    /// <inheritdoc/>
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

    /// <summary>Runs the network on input (B,T,F) and returns the logits (B,T,O).</summary>
    public float[] Predict(ReadOnlySpan<float> input, int batch, int steps)
    {
        var output = new float[checked(batch * steps * OutputSize)];
        Predict(input, batch, steps, output);
        return output;
    }

    /// <summary>
    /// Runs the network on input (B,T,F) into <paramref name="output"/> (B,T,O), without dropout. A batch larger than
    /// the buffers made for training runs in slices of that size. Allocates nothing once warmed up.
    /// </summary>
    public void Predict(ReadOnlySpan<float> input, int batch, int steps, Span<float> output)
    {
        CheckShape(input.Length, batch, steps);
        if (output.Length != (long)batch * steps * OutputSize)
            throw new Dl4mException($"output has {output.Length} values, the network gives {(long)batch * steps * OutputSize} for batch {batch} × {steps} steps");
        transposed.Refresh(backward: false);
        // Slices of what the buffers hold (made for training), or of at most PredictSlice windows per thread.
        int chunk = workers.Length > 0 && workers[0].Steps == steps ? Capacity() : Math.Min(batch, PredictSlice * threads);
        for (int first = 0; first < batch; first += chunk)
        {
            int size = Math.Min(chunk, batch - first);
            int active = Prepare(input.Slice(first * steps * InputSize, size * steps * InputSize), size, steps, dropout: 0);
            pool!.Run(forwardJob, active);
            int offset = first * steps * OutputSize;
            for (int i = 0; i < active; i++)
            {
                int n = workers[i].Rows * OutputSize;
                workers[i].Output.AsSpan(0, n).CopyTo(output.Slice(offset, n));
                offset += n;
            }
        }
    }

    /// <summary>Windows per thread a forward-only call makes buffers for when none were made for its window length.</summary>
    private const int PredictSlice = 32;

    /// <summary>
    /// One training step: forward with dropout, <paramref name="loss"/> per worker slice (weighted by its share of the
    /// rows, so the result is the batch mean and its gradient), backward. Overwrites <see cref="Gradients"/>, returns
    /// the mean. Allocates nothing once warmed up for this batch shape (given a loss that allocates nothing).
    /// </summary>
    public double ComputeGradients(ReadOnlySpan<float> input, ReadOnlySpan<float> target, int batch, int steps, IOutputLoss loss, CarriedState? state = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (state is not null) throw new ArgumentException("a transformer carries no recurrent state", nameof(state));
        CheckShape(input.Length, batch, steps);
        int width = loss.TargetWidth(OutputSize);
        if (target.Length != (long)batch * steps * width)
            throw new Dl4mException($"target has {target.Length} values, training needs (B,T,W) = {batch}×{steps}×{width}");
        transposed.Refresh(backward: true);
        int active = Prepare(input, batch, steps, Dropout);
        int offset = 0;
        for (int i = 0; i < active; i++)
        {
            var w = workers[i];
            int n = w.Rows * width;
            if (w.Target.Length != n) w.Target = new float[n];
            target.Slice(offset, n).CopyTo(w.Target);
            offset += n;
        }
        trainLoss = loss;
        trainRows = batch * steps;
        activeWorkers = active;
        try
        {
            pool!.Run(trainJob, active);
        }
        finally
        {
            trainLoss = MeanSquaredError.Instance; // don't keep the caller's loss alive
        }
        TrainingSteps++;
        double mean = workers[0].MeanLoss * SliceWeight(workers[0]);
        for (int i = 1; i < active; i++)
        {
            mean += workers[i].MeanLoss * SliceWeight(workers[i]);
            var own = workers[i].Gradients.Arrays;
            for (int p = 0; p < own.Length; p++) TensorPrimitives.Add(gradients.Arrays[p], own[p], gradients.Arrays[p]);
        }
        return mean;
    }

    private int activeWorkers;

    private float SliceWeight(TransformerWorker worker) => activeWorkers == 1 ? 1f : (float)((double)worker.Rows / trainRows);

    private void CheckShape(int inputLength, int batch, int steps)
    {
        if (batch < 1 || steps < 1) throw new Dl4mException($"batch ({batch}) and steps ({steps}) must be at least 1");
        if (steps > Config.Context) throw new Dl4mException($"a window of {steps} steps is longer than the transformer's context ({Config.Context}, TransformerConfig.Context)");
        if (inputLength != (long)batch * steps * InputSize)
            throw new Dl4mException($"input has {inputLength} values, expected (B,T,F) = {batch}×{steps}×{InputSize}");
    }

    /// <summary>Windows the current workers hold together.</summary>
    private int Capacity()
    {
        int total = 0;
        foreach (var w in workers) total += w.Capacity;
        return total;
    }

    /// <summary>
    /// Splits <paramref name="batch"/> windows over min(threads, batch) workers (buffers made anew only when the window
    /// length changes or a share outgrows them), scatters the input and returns the number of active workers.
    /// </summary>
    private int Prepare(ReadOnlySpan<float> input, int batch, int steps, double dropout)
    {
        int active = Math.Min(threads, batch);
        EnsureWorkers(batch, steps);
        int start = 0, offset = 0;
        for (int i = 0; i < workers.Length; i++)
        {
            var w = workers[i];
            int size = i < active ? Share(batch, active, i) : 0;
            w.Batch = size;
            w.BatchStart = start;
            w.DropoutRate = dropout;
            w.DropoutSeed = DropoutSeed;
            w.DropoutStep = (ulong)TrainingSteps;
            int n = size * steps * InputSize;
            input.Slice(offset, n).CopyTo(w.Input);
            offset += n;
            start += size;
        }
        return active;
    }

    private static int Share(int batch, int parts, int i) => batch / parts + (i < batch % parts ? 1 : 0);

    private void EnsureWorkers(int batch, int steps)
    {
        pool ??= new WorkerPool(threads);
        int active = Math.Min(threads, batch);
        bool fits = workers.Length == threads && workers[0].Steps == steps;
        for (int i = 0; fits && i < active; i++) fits = workers[i].Capacity >= Share(batch, active, i);
        if (fits) return;
        try
        {
            int perWorker = (batch + threads - 1) / threads;
            var list = new TransformerWorker[threads];
            for (int i = 0; i < threads; i++)
            {
                var grads = i == 0 ? gradients : new TransformerWeights(Config);
                list[i] = new TransformerWorker(Config, weights, transposed, perWorker, steps, grads);
            }
            workers = list;
        }
        catch (OverflowException)
        {
            throw new Dl4mException($"batch {batch} × {steps} steps is too large for this network's buffers");
        }
    }

    /// <summary>
    /// A zero key/value cache for generating one sequence step by step. Cached steps (of every cache of this network)
    /// use the weights as they are now: the packed copy they read (<see cref="PackedStepWeights"/>) is made again
    /// from the weights before the next step. After changing the weights, make a new cache.
    /// </summary>
    public TransformerCache CreateCache()
    {
        packedStale = true;
        return new(this);
    }

    private PackedStepWeights[] packed = [];
    private bool packedStale;
    private CachedWeightFormat cachedWeights;

    /// <summary>
    /// How cached steps store the kernels: <see cref="CachedWeightFormat.Fp32"/> (the default) or, when asked for,
    /// <see cref="CachedWeightFormat.Bf16"/> (half the bytes, rounded weights). Applies from the next step on.
    /// </summary>
    public CachedWeightFormat CachedWeights
    {
        get => cachedWeights;
        set
        {
            if (!Enum.IsDefined(value)) throw new Dl4mException($"TransformerNetwork.CachedWeights: unknown format {value}");
            cachedWeights = value;
            packed = [];
        }
    }

    /// <summary>Each step part's packed weight columns for a step in <paramref name="parts"/> parts, refreshed after <see cref="CreateCache"/>.</summary>
    internal PackedStepWeights[] PackedWeights(int parts)
    {
        if (packed.Length != parts) packed = Pack(parts);
        else if (packedStale) foreach (var p in packed) p.Refresh();
        packedStale = false;
        return packed;
    }

    /// <summary>Apart from <see cref="PackedWeights"/>: a lambda capturing <paramref name="parts"/> there would allocate its closure on every call.</summary>
    private PackedStepWeights[] Pack(int parts) => [.. Enumerable.Range(0, parts).Select(i => new PackedStepWeights(Config, weights, i, parts, cachedWeights))];

    /// <inheritdoc/>
    public ISequenceState CreateSequenceState() => CreateCache();

    /// <summary>
    /// Feeds one step (F values) of one sequence and writes its logits (O values): what <see cref="Predict(ReadOnlySpan{float}, int, int, Span{float})"/>
    /// gives for the last step of the sequence so far while it fits the context; past it, see <see cref="TransformerCache"/>.
    /// Allocates nothing.
    /// </summary>
    public void Step(TransformerCache cache, ReadOnlySpan<float> input, Span<float> output) => cache.Step(input, output);

    /// <summary>Runs job(0) … job(parts−1) on the worker threads (one cached step's parts; job 0 on the caller).</summary>
    internal void RunParts(Action<int> job, int parts) => (pool ??= new WorkerPool(threads)).Run(job, parts);

    /// <summary>Stops the worker threads.</summary>
    public void Dispose()
    {
        pool?.Dispose();
        pool = null;
        workers = [];
    }
}
