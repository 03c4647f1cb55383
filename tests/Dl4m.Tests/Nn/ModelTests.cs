using Dl4m.Nn;

namespace Dl4m.Tests.Nn;

public class ModelTests
{
    [Fact]
    public void KerasInitialisation()
    {
        using var model = Model.Create(ModelConfig.Seed, seed: 3);
        var kernel = model.Parameters[0].Data;            // (3,192): glorot limit √(6/195)
        float limit = MathF.Sqrt(6f / 195f);
        Assert.All(kernel, w => Assert.InRange(w, -limit, limit));
        Assert.True(kernel.Max() > 0.8f * limit && kernel.Min() < -0.8f * limit);
        var recurrent = model.Parameters[1].Data;         // (48,192): orthonormal rows
        for (int a = 0; a < 48; a++)
            for (int b = 0; b < 48; b++)
            {
                double dot = 0;
                for (int j = 0; j < 192; j++) dot += recurrent[a * 192 + j] * recurrent[b * 192 + j];
                Assert.Equal(a == b ? 1.0 : 0.0, dot, 1e-5);
            }
        var bias = model.Parameters[2].Data;              // forget-gate block is 1, the rest 0
        for (int j = 0; j < 192; j++) Assert.Equal(j is >= 48 and < 96 ? 1f : 0f, bias[j]);
        Assert.All(model.Parameters[4].Data, b => Assert.Equal(0f, b));
        using var same = Model.Create(ModelConfig.Seed, seed: 3);
        Assert.Equal(kernel, same.Parameters[0].Data);
    }

    [Fact]
    public void StepByStepMatchesPredictOnTheWholeSequence()
    {
        using var model = Model.Create(new ModelConfig
        {
            InputSize = 3,
            Layers = [LayerConfig.Lstm(20, true), LayerConfig.Lstm(48), LayerConfig.Dense(24, Activation.Relu), LayerConfig.Dense(3)],
        }, seed: 9);
        var (input, _) = GradientCheck.RandomBatch(model, 1, 7, seed: 4);
        var state = model.CreateState();
        var y = new float[3];
        for (int t = 0; t < 7; t++)
        {
            model.Step(state, input.AsSpan(t * 3, 3), y);
            var whole = model.Predict(input.AsSpan(0, (t + 1) * 3), 1, t + 1);
            for (int i = 0; i < 3; i++) Assert.Equal(whole[i], y[i], 1e-5f);
        }
    }

    [Fact]
    public void ManyToManyOutputsEveryStepInBatchMajorOrder()
    {
        using var model = Model.Create(new ModelConfig { InputSize = 2, Layers = [LayerConfig.Lstm(5, true), LayerConfig.Dense(2)] }, seed: 2);
        var (input, _) = GradientCheck.RandomBatch(model, 3, 4, seed: 4);
        var all = model.Predict(input, 3, 4);             // (3,4,2)
        Assert.Equal(24, all.Length);
        // Window 1's first two steps alone give its first two outputs.
        var prefix = model.Predict(input.AsSpan(1 * 4 * 2, 2 * 2), 1, 2);
        for (int i = 0; i < 4; i++) Assert.Equal(all[1 * 4 * 2 + i], prefix[i], 1e-6f);
    }

    [Fact]
    public void ThreadCountGivesDeterministicResults()
    {
        float[] Train(int threads)
        {
            using var model = Model.Create(ModelConfig.Seed, seed: 1);
            model.Threads = threads;
            var adam = new Adam(model);
            var (input, target) = GradientCheck.RandomBatch(model, 9, 5, seed: 2);
            for (int i = 0; i < 5; i++)
            {
                model.ComputeGradients(input, target, 9, 5);
                adam.Step();
            }
            return [.. model.Parameters.SelectMany(p => p.Data)];
        }
        var one = Train(1);
        var two = Train(2);
        Assert.Equal(two, Train(2));                      // same thread count: bit-identical
        for (int i = 0; i < one.Length; i++) Assert.Equal(one[i], two[i], 1e-5f); // other count: same up to summation order
    }

    [Fact]
    public void TrainingReducesTheLoss()
    {
        using var model = Model.Create(ModelConfig.Seed, seed: 1);
        var adam = new Adam(model) { LearningRate = 0.01f };
        var (input, target) = GradientCheck.RandomBatch(model, 16, 8, seed: 2);
        float first = model.ComputeGradients(input, target, 16, 8);
        float last = first;
        for (int i = 0; i < 100; i++)
        {
            adam.Step();
            last = model.ComputeGradients(input, target, 16, 8);
        }
        Assert.True(last < 0.7f * first, $"loss {first} → {last}");
    }

    [Fact]
    public void WrongShapesAreClearErrors()
    {
        using var model = Model.Create(ModelConfig.Seed, seed: 1);
        Assert.Contains("expected (B,T,F) = 2×4×3", Assert.Throws<Dl4mException>(() => model.Predict(new float[10], 2, 4)).Message);
        Assert.Contains("many-to-one training needs (B,Out) = 2×3",
            Assert.Throws<Dl4mException>(() => model.ComputeGradients(new float[24], new float[24], 2, 4)).Message);
    }
}
