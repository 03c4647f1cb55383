namespace Dl4m.Training.Losses;

/// <summary>
/// Plain mean squared error over all three features in normalised units (<c>--loss mse</c>, the comparison
/// baseline): total = mean over rows and features of (pred − true)², i.e. the mean of the three per-feature MSEs
/// reported in <see cref="LossParts"/>.
/// </summary>
public sealed class MseLoss : ITrainingLoss
{
    /// <inheritdoc />
    public string Name => "mse";

    /// <inheritdoc />
    public float Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, int rows, LossParts parts)
    {
        FeatureColumns.CheckShapes(prediction, target, gradient, rows);
        ArgumentNullException.ThrowIfNull(parts);
        bool withGradient = gradient.Length != 0;
        double inverseRows = 1.0 / rows;
        double gradientScale = 2.0 / (rows * FeatureColumns.Count);
        Span<double> sums = stackalloc double[FeatureColumns.Count];
        sums.Clear();
        for (int i = 0; i < rows * FeatureColumns.Count; i++)
        {
            double error = (double)prediction[i] - target[i];
            sums[i % FeatureColumns.Count] += error * error;
            if (withGradient) gradient[i] = (float)(gradientScale * error);
        }
        parts.Note = sums[FeatureColumns.Note] * inverseRows;
        parts.Velocity = sums[FeatureColumns.Velocity] * inverseRows;
        parts.DeltaTime = sums[FeatureColumns.DeltaTime] * inverseRows;
        parts.Total = (parts.Note + parts.Velocity + parts.DeltaTime) / FeatureColumns.Count;
        return (float)parts.Total;
    }
}
