using Dl4m.Categorical;
using Dl4m.Training.Losses;

namespace Dl4m.Tests.Training;

public class CategoricalLossTests
{
    public static TheoryData<HeadKind, HeadKind, double> HeadKinds() => new()
    {
        { HeadKind.Classes, HeadKind.Classes, 0.0 },
        { HeadKind.Classes, HeadKind.Classes, 0.1 },
        { HeadKind.Regression, HeadKind.Regression, 0.1 },
        { HeadKind.Regression, HeadKind.Classes, 0.3 },
        { HeadKind.Classes, HeadKind.Regression, 0.0 },
    };

    /// <summary>The mean loss of the rows, through Measure (double sums of float row losses).</summary>
    private static double Mean(CategoricalLoss loss, float[] output, float[] target, int rows)
    {
        var sums = default(CategoricalLossParts);
        loss.Measure(output, target, rows, ref sums);
        return sums.MeanTotal;
    }

    [Theory]
    [MemberData(nameof(HeadKinds))]
    public void Gradient_matches_finite_differences(HeadKind velocity, HeadKind timing, double smoothing)
    {
        var encoding = CategoricalTestEncodings.Small(velocity, timing);
        var loss = new CategoricalLoss(encoding, smoothing, MusicalSmoothing.DefaultTemperature, threads: 1);
        const int rows = 5;
        var (output, target) = CategoricalTestEncodings.RandomRows(encoding, rows, seed: 3);
        var gradient = new float[output.Length];
        double mean = loss.Compute(output, target, gradient, rows, worker: 0);
        Assert.Equal(Mean(loss, output, target, rows), mean, 1e-6);
        for (int i = 0; i < output.Length; i++)
        {
            const float h = 1e-2f;
            float[] plus = (float[])output.Clone(), minus = (float[])output.Clone();
            plus[i] += h; minus[i] -= h;
            double numeric = (Mean(loss, plus, target, rows) - Mean(loss, minus, target, rows)) / (plus[i] - minus[i]);
            Assert.True(Math.Abs(numeric - gradient[i]) < 2e-5 + 2e-3 * Math.Abs(numeric),
                $"output[{i}] (column {i % encoding.OutputSize}): analytic {gradient[i]}, numeric {numeric}");
        }
    }

    [Fact]
    public void Parts_follow_their_definitions_on_a_hand_made_row()
    {
        var encoding = CategoricalTestEncodings.Small(HeadKind.Classes, HeadKind.Regression); // 7 + 3 + 1 + 1 outputs
        var table = new float[49];
        for (int c = 0; c < 7; c++) { table[c * 7 + c] = 0.5f; table[c * 7 + (c + 1) % 7] = 0.5f; } // half on the next class
        var loss = new CategoricalLoss(encoding, table, threads: 1);
        // Note logits: class 2 is the largest; true class 2. Velocity logits all equal; true bin 1. Δt z 0.5 vs 0; duration 1 vs 3.
        float[] output = [0, 0, 2, 1, 0, 0, 0, /*velocity*/ 0.3f, 0.3f, 0.3f, /*delta*/ 0.5f, /*duration*/ 1f];
        float[] target = [2, 1, 0f, 3f];
        double lse = Math.Log(5 + Math.Exp(2) + Math.Exp(1));
        var sums = default(CategoricalLossParts);
        loss.Measure(output, target, 1, ref sums);
        Assert.Equal(lse - 2, sums.NoteNll, 1e-6);
        Assert.Equal(lse - 0.5 * 2 - 0.5 * 1, sums.NoteCrossEntropy, 1e-6);
        Assert.Equal(1, sums.NoteCorrect);
        Assert.Equal(Math.Log(3), sums.Velocity, 1e-6);
        Assert.Equal(0.25, sums.Delta, 1e-6);
        Assert.Equal(4, sums.Duration, 1e-6);
        Assert.Equal(1, sums.Rows);
        Assert.Equal(sums.NoteCrossEntropy + Math.Log(3) + 0.25 + 4, sums.MeanTotal, 1e-6);
        Assert.Equal(1.0, sums.NoteAccuracy);
    }

    [Fact]
    public void Combine_sums_the_workers_of_the_last_step_and_matches_measure()
    {
        var encoding = CategoricalTestEncodings.Default();
        var loss = new CategoricalLoss(encoding, 0.1, MusicalSmoothing.DefaultTemperature, threads: 2);
        var (output, target) = CategoricalTestEncodings.RandomRows(encoding, 10, seed: 5);
        var gradient = new float[output.Length];
        int split = 6 * encoding.OutputSize;
        loss.Compute(output.AsSpan(0, split), target.AsSpan(0, 24), gradient.AsSpan(0, split), 6, worker: 0);
        loss.Compute(output.AsSpan(split), target.AsSpan(24), gradient.AsSpan(split), 4, worker: 1);
        var combined = loss.Combine();
        var measured = default(CategoricalLossParts);
        loss.Measure(output, target, 10, ref measured);
        Assert.Equal(10, combined.Rows);
        Assert.Equal(measured.NoteCrossEntropy, combined.NoteCrossEntropy, 1e-9);
        Assert.Equal(measured.NoteNll, combined.NoteNll, 1e-9);
        Assert.Equal(measured.NoteCorrect, combined.NoteCorrect);
        Assert.Equal(measured.Total, combined.Total, 1e-9);
        Assert.True(combined.NoteCrossEntropy > combined.NoteNll * 0.5); // smoothed CE is a real, different number
        Assert.NotEqual(combined.NoteCrossEntropy, combined.NoteNll);
        Assert.Equal(0, loss.Combine().Rows); // cleared: the next step starts from nothing
    }

    [Fact]
    public void Targets_out_of_range_are_errors_naming_the_head()
    {
        var encoding = CategoricalTestEncodings.Small();
        var loss = new CategoricalLoss(encoding, 0, MusicalSmoothing.DefaultTemperature, 1);
        var output = new float[encoding.OutputSize];
        var sums = default(CategoricalLossParts);
        var e = Assert.Throws<Dl4mException>(() => loss.Measure(output, [7, 0, 0, 0], 1, ref sums));
        Assert.Contains("note target 7", e.Message);
        e = Assert.Throws<Dl4mException>(() => loss.Measure(output, [0, 0.5f, 0, 0], 1, ref sums));
        Assert.Contains("velocity target 0.5", e.Message);
        Assert.Throws<Dl4mException>(() => loss.Measure(output, [0, 0, 0], 1, ref sums));
        Assert.Throws<Dl4mException>(() => new CategoricalLoss(encoding, 1.0, 0.05, 1));
        Assert.Throws<Dl4mException>(() => new CategoricalLoss(encoding, 0.1, 0, 1));
        Assert.Equal(4, ((Dl4m.Nn.IOutputLoss)loss).TargetWidth(encoding.OutputSize));
    }
}
