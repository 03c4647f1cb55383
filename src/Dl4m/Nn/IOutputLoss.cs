namespace Dl4m.Nn;

/// <summary>
/// A loss on the model's output that training back-propagates from (see
/// <see cref="Model.ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{float}, int, int, IOutputLoss)"/>).
/// Each worker thread calls it on its own slice of the batch, so an implementation must be thread-safe
/// for distinct <c>worker</c> indices and should not allocate (it runs once per worker per step).
/// </summary>
public interface IOutputLoss
{
    /// <summary>
    /// Floats per target row for a model with <paramref name="outputSize"/> outputs per row: the output size
    /// itself unless the loss reads compact targets (e.g. a class index where the output holds one logit per class).
    /// The model checks and scatters targets of this width: (B,W) many-to-one, (B,T,W) many-to-many.
    /// </summary>
    int TargetWidth(int outputSize) => outputSize;

    /// <summary>
    /// Computes the mean loss over <paramref name="rows"/> output rows (each <c>OutputSize</c> values,
    /// row-major; the order of rows is unspecified and must not matter) against <paramref name="target"/>
    /// (<paramref name="rows"/> rows of <see cref="TargetWidth"/> values, in the same row order),
    /// writes d mean / d output into <paramref name="gradient"/> (the output's layout) and returns the mean.
    /// <paramref name="worker"/> (0 … threads−1) lets an implementation keep per-thread results.
    /// </summary>
    double Compute(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient, int rows, int worker);
}
