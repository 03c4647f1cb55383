namespace Dl4m.Training.Losses;

/// <summary>Creates the training loss a <c>--loss</c> option names.</summary>
public static class TrainingLossFactory
{
    /// <summary>The names <see cref="Create"/> accepts: <c>note</c> (the combined musical loss, default) and <c>mse</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["note", "mse"];

    /// <summary>
    /// <c>note</c>: <see cref="CombinedLoss"/> with <paramref name="noteLoss"/> (default <see cref="NoteLoss.Default"/>),
    /// the note feature's standard deviation and <paramref name="weights"/>; <c>mse</c>: <see cref="MseLoss"/>.
    /// </summary>
    /// <exception cref="Dl4mException">Unknown name, or invalid σ or weights.</exception>
    public static ITrainingLoss Create(string name, double noteStd, LossWeights? weights = null, NoteLoss? noteLoss = null) =>
        name.ToLowerInvariant() switch
        {
            "note" => new CombinedLoss(noteLoss ?? NoteLoss.Default, noteStd, weights),
            "mse" => new MseLoss(),
            _ => throw new Dl4mException($"OriginalOptions.Loss: unknown loss '{name}' (expected one of: {string.Join(", ", Names)}).", "OriginalOptions.Loss"),
        };
}
