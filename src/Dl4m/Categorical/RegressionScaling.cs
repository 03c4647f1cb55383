namespace Dl4m.Categorical;

/// <summary>
/// Z-scores of the regression heads (used only for heads of <see cref="HeadKind.Regression"/>): velocity as is,
/// times as ln(beats + <see cref="CategoricalEncoding.LogOffsetBeats"/>), so that a regression on a
/// log scale treats ⅛ vs ¼ beat like 1 vs 2 beats. Means and standard deviations of the training split.
/// </summary>
public sealed record RegressionScaling(double VelocityMean, double VelocityStd, double LogDeltaMean, double LogDeltaStd, double LogDurationMean, double LogDurationStd)
{
    /// <summary>Neutral scaling (mean 0, std 1), for tests.</summary>
    public static RegressionScaling Identity { get; } = new(0, 1, 0, 1, 0, 1);
}
