namespace Dl4m.Training.Losses;

/// <summary>
/// A loss over a batch of predicted events against the true ones, with the gradient a training loop
/// back-propagates. Rows are events; each row holds the 3 features in normalised units, in the order
/// note, velocity, Δtime (the dataset's order; see <see cref="FeatureColumns"/>).
/// </summary>
public interface ITrainingLoss
{
    /// <summary>Short name, as on the command line (<c>note</c>, <c>mse</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Computes the loss of <paramref name="prediction"/> against <paramref name="target"/>, both (rows, 3)
    /// row-major, and writes d loss / d prediction into <paramref name="gradient"/> ((rows, 3); pass an empty
    /// span to skip it, e.g. for validation). Fills <paramref name="parts"/> and returns the total.
    /// Allocation-free and thread-safe (the loss holds no mutable state).
    /// </summary>
    /// <exception cref="ArgumentException">A span's length is not rows·3, or rows is not positive.</exception>
    float Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, int rows, LossParts parts);
}
