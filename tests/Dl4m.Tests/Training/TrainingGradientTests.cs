using Dl4m.Nn;
using Dl4m.Tests.Nn;
using Dl4m.Training;
using Dl4m.Training.Losses;

namespace Dl4m.Tests.Training;

public class TrainingGradientTests
{
    private static double LossOf(Model model, ITrainingLoss loss, float[] input, float[] target, int batch, int steps)
    {
        var output = model.Predict(input, batch, steps);
        return loss.Compute(output, target, [], output.Length / 3, new LossParts());
    }

    /// <summary>Central differences of a whole model trained through the engine hook with the combined note loss.</summary>
    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 2)]
    [InlineData(true, 2)]
    public void Combined_loss_gradients_of_a_whole_model_match_finite_differences(bool manyToMany, int threads)
    {
        var config = new ModelConfig
        {
            InputSize = 3,
            Layers = [LayerConfig.Lstm(6, returnSequences: manyToMany), LayerConfig.Dense(5, Activation.Tanh), LayerConfig.Dense(3)],
        };
        using var model = Model.Create(config, seed: 3);
        model.Threads = threads;
        const int batch = 5, steps = 4;
        var (input, target) = GradientCheck.RandomBatch(model, batch, steps, seed: 5);
        // σ = 1.5 semitones per unit: differences of a few semitones, where the note loss has its dips and bumps.
        var loss = new CombinedLoss(NoteLoss.Default, noteStd: 1.5);
        var adapter = new TrainingLossAdapter(loss, threads);
        double reported = model.ComputeGradients(input, target, batch, steps, adapter);
        Assert.Equal(LossOf(model, loss, input, target, batch, steps), reported, 5);
        var parts = new LossParts();
        adapter.Combine(parts);
        Assert.Equal(reported, parts.Total, 5);

        int checkedCount = 0;
        for (int p = 0; p < model.Parameters.Count; p++)
        {
            var weights = model.Parameters[p].Data;
            var analytic = model.Gradients[p].Data.ToArray();
            for (int i = 0; i < weights.Length; i += 3) // every third weight: keeps the test well under a second
            {
                float saved = weights[i];
                double numeric = 0;
                foreach (float h in new[] { 1e-3f, 1e-4f })
                {
                    weights[i] = saved + h;
                    double plus = LossOf(model, loss, input, target, batch, steps);
                    weights[i] = saved - h;
                    double minus = LossOf(model, loss, input, target, batch, steps);
                    weights[i] = saved;
                    numeric = (plus - minus) / (2.0 * h);
                    if (Math.Abs(numeric - analytic[i]) <= GradientCheck.Relative * Math.Max(Math.Abs(numeric), Math.Abs(analytic[i])) + GradientCheck.Absolute) break;
                }
                double scale = Math.Max(Math.Abs(numeric), Math.Abs(analytic[i]));
                Assert.True(Math.Abs(numeric - analytic[i]) <= GradientCheck.Relative * scale + GradientCheck.Absolute,
                    $"{model.Parameters[p].Name}[{i}]: analytic {analytic[i]:G6}, finite difference {numeric:G6}");
                checkedCount++;
            }
        }
        Assert.True(checkedCount > 90);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void The_built_in_mse_is_the_mse_loss_through_the_hook(int threads)
    {
        using var model = Model.Create(ModelConfig.Seed, seed: 1);
        model.Threads = threads;
        var (input, target) = GradientCheck.RandomBatch(model, 7, 5, seed: 2);
        float builtIn = model.ComputeGradients(input, target, 7, 5);
        var expected = model.Gradients.Select(g => g.Data.ToArray()).ToArray();
        double viaHook = model.ComputeGradients(input, target, 7, 5, new TrainingLossAdapter(new MseLoss(), threads));
        Assert.Equal(builtIn, viaHook, 5);
        for (int p = 0; p < expected.Length; p++)
            for (int i = 0; i < expected[p].Length; i++)
                Assert.Equal(expected[p][i], model.Gradients[p].Data[i], 1e-6f + 1e-5f * Math.Abs(expected[p][i]));
    }
}
