namespace Dl4m.Nn;

/// <summary>
/// Mean squared error over every output value, as Keras and PyTorch compute it: the engine's built-in
/// training loss (<see cref="Model.ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{float}, int, int)"/>).
/// Stateless, so one instance serves every worker.
/// </summary>
internal sealed class MeanSquaredError : IOutputLoss
{
    public static MeanSquaredError Instance { get; } = new();

    public double Compute(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient, int rows, int worker)
    {
        float gradientScale = 2f / output.Length;
        double sum = 0;
        for (int i = 0; i < output.Length; i++)
        {
            float diff = output[i] - target[i];
            sum += (double)diff * diff;
            gradient[i] = gradientScale * diff;
        }
        return sum / output.Length;
    }
}
