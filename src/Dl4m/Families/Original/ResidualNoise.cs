using Dl4m.Data;
using Dl4m.Generation;
using Dl4m.Nn;
using Dl4m.Training;

namespace Dl4m.Families.Original;

/// <summary>
/// Standard deviations of the Gaussian noise sample mode adds to the predicted velocity and Δtime: the
/// model's residuals (target − prediction) on validation windows, in velocity units and seconds.
/// </summary>
/// <param name="Velocity">Velocity residual standard deviation.</param>
/// <param name="DeltaSeconds">Δtime residual standard deviation in seconds.</param>
public sealed record ResidualNoise(double Velocity, double DeltaSeconds)
{
    /// <summary>
    /// The fixed choice when no validation data is at hand: a quarter of each feature's own spread over the
    /// train split (a model explains some of the spread; a quarter keeps the noise audible but small).
    /// </summary>
    public static ResidualNoise Fallback(FeatureScaling scaling) => new(0.25 * scaling.VelocityStd, 0.25 * scaling.DeltaSecondsStd);

    /// <summary>
    /// Measures the residuals on up to <paramref name="maxWindows"/> validation windows of <paramref name="dataset"/>
    /// (training windows if the dataset has no validation songs); falls back to <see cref="Fallback"/> when there are none.
    /// </summary>
    public static ResidualNoise Estimate(Model model, FeatureScaling scaling, Dataset dataset, int lookback, int maxWindows = 256)
    {
        var songs = dataset.SongsIn(DatasetSplit.Validation);
        if (songs.Count == 0) songs = dataset.SongsIn(DatasetSplit.Train);
        const int F = 3;
        var inputs = new List<float>();
        var targets = new List<EventRecord>();
        Span<float> features = stackalloc float[F];
        foreach (int song in songs)
        {
            var events = dataset.SongEvents(song);
            for (int start = 0; start + lookback < events.Length && targets.Count < maxWindows; start += lookback)
            {
                for (int i = 0; i < lookback; i++)
                {
                    scaling.Normalise(events[start + i], features);
                    foreach (float f in features) inputs.Add(f);
                }
                targets.Add(events[start + lookback]);
            }
            if (targets.Count >= maxWindows) break;
        }
        if (targets.Count < 2) return Fallback(scaling);
        var prediction = model.Predict(inputs.ToArray(), targets.Count, lookback); // (B,3) or (B,T,3)
        int stride = prediction.Length / targets.Count;
        double sumV = 0, sumV2 = 0, sumD = 0, sumD2 = 0;
        for (int b = 0; b < targets.Count; b++)
        {
            int row = b * stride + stride - F; // the last step's output
            double v = targets[b].Velocity - (prediction[row + 1] * scaling.VelocityStd + scaling.VelocityMean);
            double d = targets[b].DeltaSeconds - (prediction[row + 2] * scaling.DeltaSecondsStd + scaling.DeltaSecondsMean);
            sumV += v; sumV2 += v * v; sumD += d; sumD2 += d * d;
        }
        int n = targets.Count;
        double stdV = Math.Sqrt(Math.Max(0, sumV2 / n - (sumV / n) * (sumV / n)));
        double stdD = Math.Sqrt(Math.Max(0, sumD2 / n - (sumD / n) * (sumD / n)));
        return new(stdV, stdD);
    }
}
