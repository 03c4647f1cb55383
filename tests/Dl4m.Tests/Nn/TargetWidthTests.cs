using Dl4m.Categorical;
using Dl4m.Nn;
using Dl4m.Tests.Training;
using Dl4m.Training.Losses;

namespace Dl4m.Tests.Nn;

/// <summary>A loss's compact targets (<see cref="IOutputLoss.TargetWidth"/>) go through the engine: scatter, checks, slices.</summary>
[Collection(KernelIsaCollection.Name)]
public class TargetWidthTests
{
    private static Model TinyModel(CategoricalEncoding encoding, bool manyToMany, int hidden = 6) =>
        Model.Create(new ModelConfig { InputSize = encoding.InputSize, Layers = [LayerConfig.Lstm(hidden, manyToMany), LayerConfig.Dense(encoding.OutputSize)] }, seed: 4);

    [Theory]
    [InlineData(true, 1)]
    [InlineData(true, 2)]
    [InlineData(false, 1)]
    [InlineData(false, 2)]
    public void Training_loss_equals_the_loss_measured_on_the_prediction(bool manyToMany, int threads)
    {
        var encoding = CategoricalTestEncodings.Small();
        using var model = TinyModel(encoding, manyToMany);
        model.Threads = threads;
        const int batch = 5, steps = 4;
        var input = CategoricalTestEncodings.RandomInput(encoding, batch, steps, seed: 1);
        int rows = manyToMany ? batch * steps : batch;
        var target = CategoricalTestEncodings.RandomTargets(encoding, rows, new Random(2));
        var loss = new CategoricalLoss(encoding, 0.1, MusicalSmoothing.DefaultTemperature, threads);
        double mean = model.ComputeGradients(input, target, batch, steps, loss);
        var parts = loss.Combine();
        var measured = default(CategoricalLossParts);
        loss.Measure(model.Predict(input, batch, steps), target, rows, ref measured);
        Assert.Equal(rows, parts.Rows);
        Assert.Equal(measured.MeanTotal, mean, 1e-5);
        Assert.Equal(measured.NoteNll, parts.NoteNll, 1e-4);
        Assert.Equal(measured.NoteCorrect, parts.NoteCorrect);
    }

    [Fact]
    public void Gradients_do_not_depend_on_the_thread_split_beyond_rounding()
    {
        var encoding = CategoricalTestEncodings.Small(HeadKind.Regression);
        const int batch = 5, steps = 3;
        var input = CategoricalTestEncodings.RandomInput(encoding, batch, steps, seed: 3);
        var target = CategoricalTestEncodings.RandomTargets(encoding, batch * steps, new Random(4));
        float[][] Run(int threads)
        {
            using var model = TinyModel(encoding, manyToMany: true);
            model.Threads = threads;
            model.ComputeGradients(input, target, batch, steps, new CategoricalLoss(encoding, 0.1, 0.05, threads));
            return model.Gradients.Select(g => g.Data.ToArray()).ToArray();
        }
        var one = Run(1);
        var two = Run(2);
        for (int p = 0; p < one.Length; p++)
            for (int i = 0; i < one[p].Length; i++)
                Assert.Equal(one[p][i], two[p][i], 1e-6);
    }

    [Fact]
    public void Wrong_target_length_names_the_loss_width()
    {
        var encoding = CategoricalTestEncodings.Small();
        using var model = TinyModel(encoding, manyToMany: true);
        var input = CategoricalTestEncodings.RandomInput(encoding, 2, 3, seed: 1);
        var loss = new CategoricalLoss(encoding, 0, 0.05, 1);
        var e = Assert.Throws<Dl4mException>(() => model.ComputeGradients(input, new float[2 * 3 * encoding.OutputSize], 2, 3, loss));
        Assert.Contains("(B,T,W) = 2×3×4", e.Message);
        e = Assert.Throws<Dl4mException>(() => model.ComputeGradients(input, new float[2 * 3 * 4], 2, 3));
        Assert.Contains("(B,T,Out) = 2×3×" + encoding.OutputSize, e.Message);
    }

    /// <summary>The whole model (LSTM → Dense logits) through the engine hook, every head kind, every kernel path.</summary>
    [Theory]
    [InlineData(HeadKind.Classes, HeadKind.Classes, true)]
    [InlineData(HeadKind.Regression, HeadKind.Regression, true)]
    [InlineData(HeadKind.Classes, HeadKind.Regression, false)]
    public void Whole_model_gradient_matches_finite_differences(HeadKind velocity, HeadKind timing, bool manyToMany)
    {
        var encoding = CategoricalTestEncodings.Small(velocity, timing);
        foreach (var isa in KernelIsaCollection.Paths())
        {
            using var path = KernelIsaCollection.Force(isa);
            using var model = TinyModel(encoding, manyToMany, hidden: 5);
            const int batch = 3, steps = 3;
            var input = CategoricalTestEncodings.RandomInput(encoding, batch, steps, seed: 5);
            var target = CategoricalTestEncodings.RandomTargets(encoding, manyToMany ? batch * steps : batch, new Random(6));
            double worst = GradientCheck.Check(model, input, target, batch, steps, new CategoricalLoss(encoding, 0.1, 0.05, 1));
            Assert.True(worst < GradientCheck.Relative);
        }
    }
}
