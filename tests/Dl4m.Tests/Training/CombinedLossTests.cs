using Dl4m.Training.Losses;

namespace Dl4m.Tests.Training;

public class CombinedLossTests
{
    private const double NoteStd = 5.7; // semitones per normalised unit, a typical corpus value

    private static float[] RandomBatch(int rows, int seed, double spread)
    {
        var random = new Random(seed);
        var values = new float[rows * 3];
        for (int i = 0; i < values.Length; i++) values[i] = (float)((random.NextDouble() * 2 - 1) * spread);
        return values;
    }

    /// <summary>Central differences of the total in double steps of the float inputs.</summary>
    private static void AssertGradientMatchesFiniteDifferences(ITrainingLoss loss, float[] prediction, float[] target, int rows)
    {
        var gradient = new float[prediction.Length];
        var parts = new LossParts();
        loss.Compute(prediction, target, gradient, rows, parts);
        const float h = 1e-3f;
        for (int i = 0; i < prediction.Length; i++)
        {
            var plus = (float[])prediction.Clone();
            var minus = (float[])prediction.Clone();
            plus[i] += h; minus[i] -= h;
            double up = loss.Compute(plus, target, [], rows, new LossParts());
            double down = loss.Compute(minus, target, [], rows, new LossParts());
            double numeric = (up - down) / (plus[i] - minus[i]);
            Assert.True(Math.Abs(numeric - gradient[i]) < 2e-3 + 2e-3 * Math.Abs(gradient[i]),
                $"{loss.Name} element {i}: analytic {gradient[i]}, numeric {numeric}");
        }
    }

    [Fact]
    public void Combined_gradient_matches_finite_differences()
    {
        const int rows = 16;
        AssertGradientMatchesFiniteDifferences(new CombinedLoss(NoteLoss.Default, NoteStd), RandomBatch(rows, 1, 2.5), RandomBatch(rows, 2, 2.5), rows);
        // Far-off notes exercise the octave continuation (|d| up to ~60 semitones).
        AssertGradientMatchesFiniteDifferences(new CombinedLoss(NoteLoss.Default, NoteStd, new LossWeights(0.5, 1, 0.1)),
            RandomBatch(rows, 3, 6), RandomBatch(rows, 4, 6), rows);
    }

    [Fact]
    public void Mse_gradient_matches_finite_differences()
    {
        const int rows = 9;
        AssertGradientMatchesFiniteDifferences(new MseLoss(), RandomBatch(rows, 5, 2), RandomBatch(rows, 6, 2), rows);
    }

    [Fact]
    public void Parts_are_the_note_loss_in_semitones_and_the_weighted_mses()
    {
        // Row 0: note 4 semitones sharp (a major third), velocity +0.5, Δtime −1. Row 1: exact.
        float[] target = [0.1f, 0.2f, 0.3f, -1f, 0.5f, 0f];
        float[] prediction = [(float)(0.1 + 4 / NoteStd), 0.7f, -0.7f, -1f, 0.5f, 0f];
        var parts = new LossParts();
        float total = new CombinedLoss(NoteLoss.Default, NoteStd).Compute(prediction, target, [], 2, parts);
        Assert.Equal(NoteLoss.Default.Value(4) / 2, parts.Note, 5);
        Assert.Equal(0.15 / 2, parts.Note, 5);
        Assert.Equal(0.25 / 2, parts.Velocity, 5);
        Assert.Equal(1.0 / 2, parts.DeltaTime, 5);
        Assert.Equal(parts.Note + 0.2 * (parts.Velocity + parts.DeltaTime), parts.Total, 12);
        Assert.Equal((float)parts.Total, total);

        var mse = new LossParts();
        new MseLoss().Compute(prediction, target, [], 2, mse);
        Assert.Equal(Math.Pow(4 / NoteStd, 2) / 2, mse.Note, 5);
        Assert.Equal((mse.Note + mse.Velocity + mse.DeltaTime) / 3, mse.Total, 12);
    }

    [Fact]
    public void A_perfect_prediction_costs_nothing_and_has_zero_gradient()
    {
        var batch = RandomBatch(8, 7, 1);
        var gradient = new float[batch.Length];
        var parts = new LossParts();
        Assert.Equal(0f, new CombinedLoss(NoteLoss.Default, NoteStd).Compute(batch, batch, gradient, 8, parts), 9);
        Assert.All(gradient, g => Assert.Equal(0f, g, 7));
        Assert.Equal(0f, new MseLoss().Compute(batch, batch, gradient, 8, parts));
    }

    [Fact]
    public void Compute_does_not_allocate()
    {
        var loss = new CombinedLoss(NoteLoss.Default, NoteStd);
        var prediction = RandomBatch(64, 8, 2);
        var target = RandomBatch(64, 9, 2);
        var gradient = new float[prediction.Length];
        var parts = new LossParts();
        var mse = new MseLoss();
        loss.Compute(prediction, target, gradient, 64, parts); // warm up (JIT)
        mse.Compute(prediction, target, gradient, 64, parts);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            loss.Compute(prediction, target, gradient, 64, parts);
            mse.Compute(prediction, target, gradient, 64, parts);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Bad_shapes_and_settings_are_rejected()
    {
        var loss = new CombinedLoss(NoteLoss.Default, NoteStd);
        Assert.Throws<ArgumentException>(() => loss.Compute(new float[6], new float[6], [], 3, new LossParts()));
        Assert.Throws<ArgumentException>(() => loss.Compute(new float[6], new float[6], new float[5], 2, new LossParts()));
        Assert.Throws<Dl4mException>(() => new CombinedLoss(NoteLoss.Default, 0));
        Assert.Throws<Dl4mException>(() => new CombinedLoss(NoteLoss.Default, NoteStd, new LossWeights(1, -0.2, 0.2)));
        Assert.Throws<Dl4mException>(() => new CombinedLoss(NoteLoss.Default, NoteStd, new LossWeights(0, 0, 0)));
    }

    [Fact]
    public void Non_finite_predictions_give_a_non_finite_total_so_training_can_stop()
    {
        float[] target = [0f, 0f, 0f];
        var parts = new LossParts();
        var loss = new CombinedLoss(NoteLoss.Default, NoteStd);
        Assert.True(float.IsNaN(loss.Compute([float.NaN, 0f, 0f], target, new float[3], 1, parts)));
        Assert.False(float.IsFinite(loss.Compute([float.PositiveInfinity, 0f, 0f], target, new float[3], 1, parts)));
        Assert.True(double.IsNaN(NoteLoss.Default.Value(double.NegativeInfinity)));
    }

    [Fact]
    public void Factory_names_the_losses()
    {
        Assert.IsType<CombinedLoss>(TrainingLossFactory.Create("note", NoteStd));
        Assert.IsType<MseLoss>(TrainingLossFactory.Create("MSE", NoteStd));
        var error = Assert.Throws<Dl4mException>(() => TrainingLossFactory.Create("huber", NoteStd));
        Assert.Contains("huber", error.Message);
    }
}
