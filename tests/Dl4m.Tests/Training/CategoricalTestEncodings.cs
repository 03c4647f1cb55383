using Dl4m.Categorical;

namespace Dl4m.Tests.Training;

/// <summary>Small categorical encodings for loss and engine tests.</summary>
internal static class CategoricalTestEncodings
{
    /// <summary>Interval head (R = 3, 7 classes), 3 velocity bins, 3 Δtime and 2 duration classes, 4 bar positions, 2 labels; heads as given.</summary>
    public static CategoricalEncoding Small(HeadKind velocity = HeadKind.Classes, HeadKind timing = HeadKind.Classes) => new()
    {
        Notes = NoteTarget.Interval,
        IntervalRange = 3,
        VelocityBins = 3,
        Velocity = velocity,
        Timing = timing,
        Delta = BeatGrid.Delta.First(3),
        Duration = BeatGrid.Duration.First(2),
        BarPositions = 4,
        Scaling = new RegressionScaling(64, 20, -1.5, 1.2, -1, 1),
        Labels = ["reels", "jigs"],
    };

    /// <summary>The default layout: 128 pitches, 16 velocity bins, 36 + 35 beat classes, 96 bar positions, 3 labels (input 314, output 215).</summary>
    public static CategoricalEncoding Default(HeadKind velocity = HeadKind.Classes, HeadKind timing = HeadKind.Classes) => new()
    {
        Velocity = velocity,
        Timing = timing,
        Delta = BeatGrid.Delta,
        Duration = BeatGrid.Duration,
        Labels = ["a", "b", "c"],
    };

    /// <summary>Random logits (rows × OutputSize) and valid targets (rows × 4) for <paramref name="encoding"/>.</summary>
    public static (float[] Output, float[] Target) RandomRows(CategoricalEncoding encoding, int rows, int seed)
    {
        var random = new Random(seed);
        var output = new float[rows * encoding.OutputSize];
        for (int i = 0; i < output.Length; i++) output[i] = (float)(random.NextDouble() * 4 - 2);
        return (output, RandomTargets(encoding, rows, random));
    }

    /// <summary>Valid targets (rows × 4): classes uniformly, z-scores normal-ish in (−2, 2).</summary>
    public static float[] RandomTargets(CategoricalEncoding encoding, int rows, Random random)
    {
        var groups = encoding.Groups;
        var target = new float[rows * CategoricalEncoding.TargetWidth];
        for (int r = 0; r < rows; r++)
            for (int h = 0; h < 4; h++)
                target[r * 4 + h] = groups[h].Kind == HeadKind.Classes
                    ? random.Next(groups[h].Width)
                    : (float)(random.NextDouble() * 4 - 2);
        return target;
    }

    /// <summary>One-hot input rows (B,T,InputSize) as the encoding writes them, from random events.</summary>
    public static float[] RandomInput(CategoricalEncoding encoding, int batch, int steps, int seed)
    {
        var random = new Random(seed);
        var input = new float[batch * steps * encoding.InputSize];
        for (int i = 0; i < batch * steps; i++)
        {
            var e = new CategoricalEvent(random.Next(40, 90), random.Next(1, 128), random.Next(0, 19), random.Next(1, 25), random.Next(0, 48));
            encoding.EncodeInput(e, encoding.Labels.Count == 0 ? -1 : random.Next(encoding.Labels.Count), input.AsSpan(i * encoding.InputSize, encoding.InputSize));
        }
        return input;
    }
}
