using Dl4m.Nn.Transformer;

namespace Dl4m.Cli.Benchmarking;

/// <summary>
/// Floating-point operations of the transformer, counted analytically as <see cref="FlopCount"/> does for the LSTM: the
/// matrix products only, 2 per multiply-add. Per block and step: the Q/K/V, output and two feed-forward projections
/// (forward; backward their weight and input gradients, twice the forward), and the attention products per head
/// (forward Q·Kᵀ, Q·Eᵀ, P·V over T×T; backward six more). The output layer as a projection without its input gradient
/// at the embedding; the embedding itself (a gather of a few rows per step, its gradient a scatter) is not counted, nor
/// are LayerNorm, GELU, softmax, the loss and Adam: the figure is a lower bound of the work done.
/// </summary>
internal static class TransformerFlopCount
{
    /// <summary>FLOPs of forward + backward for one window of <paramref name="steps"/> steps.</summary>
    public static long TrainingWindow(TransformerConfig c, int steps)
    {
        long d = c.Width, t = steps;
        long projections = 2 * t * (3 * d * d + d * d + 2 * d * c.FeedForward); // forward, one block
        long attention = 2 * 3 * t * t * d;                                    // forward, every head of one block
        long output = 2 * t * d * c.OutputSize;
        return c.Layers * (3 * projections + 3 * attention) + 3 * output;
    }

    /// <summary>FLOPs of one cached generation step with <paramref name="cached"/> positions attended to.</summary>
    public static long GenerationStep(TransformerConfig c, double cached)
    {
        long d = c.Width;
        double perBlock = 2.0 * (3 * d * d + d * d + 2 * d * c.FeedForward) + 2.0 * 3 * cached * d; // q·k, q·e, p·v
        return (long)(c.Layers * perBlock + 2.0 * d * c.OutputSize);
    }
}
