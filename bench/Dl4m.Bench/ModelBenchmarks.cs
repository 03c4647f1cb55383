using BenchmarkDotNet.Attributes;
using Dl4m.Nn;

namespace Dl4m.Bench;

/// <summary>A whole training step (default model, lookback 32, batch 64) and one generation step.</summary>
[MemoryDiagnoser]
public class ModelBenchmarks
{
    private Model model = null!;
    private Adam adam = null!;
    private InferenceState state = null!;
    private readonly float[] input = new float[64 * 32 * 3], target = new float[64 * 3], x = [0.1f, 0.2f, 0.3f], y = new float[3];

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        model = Model.Create(ModelConfig.Seed, seed: 0);
        model.Threads = Threads;
        adam = new Adam(model);
        state = model.CreateState();
        var r = new Random(2);
        for (int i = 0; i < input.Length; i++) input[i] = (float)r.NextDouble() - 0.5f;
        for (int i = 0; i < target.Length; i++) target[i] = (float)r.NextDouble() - 0.5f;
    }

    [GlobalCleanup]
    public void Cleanup() => model.Dispose();

    [Benchmark]
    public float TrainingStep()
    {
        float loss = model.ComputeGradients(input, target, 64, 32);
        adam.Step();
        return loss;
    }

    [Benchmark]
    public void GenerationStep() => model.Step(state, x, y);
}
