using Dl4m.Nn;

namespace Dl4m.Cli.Benchmarking;

/// <summary>
/// Floating-point operations of one training window or one generated step, counted analytically
/// from the config: the matrix products only, 2 per multiply-add (x·W, h·U, dZ·Uᵀ, Xᵀ·dZ, hᵀ·dZ,
/// Dense x·K and its two gradients), exactly the products the engine executes (h·U is skipped at t = 0,
/// the first layer computes no input gradient). Element-wise gate math, loss and Adam are not counted,
/// so the figure is a lower bound of the work done.
/// </summary>
internal static class FlopCount
{
    /// <summary>FLOPs of forward + backward for one window of <paramref name="steps"/> steps.</summary>
    public static long TrainingWindow(ModelConfig config, int steps)
    {
        long total = 0;
        bool sequence = true;
        for (int i = 0; i < config.Layers.Count; i++)
        {
            var layer = config.Layers[i];
            long input = config.LayerInputSize(i), units = layer.Units;
            if (layer.Kind == LayerKind.Lstm)
            {
                long g4 = 4 * units;
                total += 2 * steps * input * g4;               // forward x·W
                total += 2 * (steps - 1) * units * g4;         // forward h·U
                total += 2 * (steps - 1) * g4 * units;         // backward dh = dZ·Uᵀ
                total += 2 * steps * input * g4;               // dW = Xᵀ·dZ
                total += 2 * (steps - 1) * units * g4;         // dU = hᵀ·dZ
                if (i > 0) total += 2 * steps * g4 * input;    // dX = dZ·Wᵀ
                sequence = layer.ReturnSequences;
            }
            else if (layer.Kind == LayerKind.Copy)
            {
                total += 2 * 2 * steps * layer.CopyBlocks * units; // forward y += g·x, backward dg = dy·x
            }
            else
            {
                long rows = sequence ? steps : 1;
                total += 2 * rows * input * units;             // forward
                total += 2 * rows * input * units;             // dK
                if (i > 0) total += 2 * rows * input * units;  // dX
            }
        }
        return total;
    }

    /// <summary>FLOPs of one generation step (batch 1, one time step, forward only).</summary>
    public static long GenerationStep(ModelConfig config)
    {
        long total = 0;
        for (int i = 0; i < config.Layers.Count; i++)
        {
            var layer = config.Layers[i];
            long input = config.LayerInputSize(i), units = layer.Units;
            total += layer.Kind switch
            {
                LayerKind.Lstm => 2 * 4 * units * (input + units),
                LayerKind.Copy => 2 * layer.CopyBlocks * units,
                _ => 2 * input * units,
            };
        }
        return total;
    }
}
