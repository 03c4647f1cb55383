namespace Dl4m.Training.Losses;

/// <summary>Column of each feature in a (rows, 3) prediction or target: the dataset's order.</summary>
public static class FeatureColumns
{
    /// <summary>MIDI note number (normalised).</summary>
    public const int Note = 0;

    /// <summary>Velocity (normalised).</summary>
    public const int Velocity = 1;

    /// <summary>Time since the previous event (normalised).</summary>
    public const int DeltaTime = 2;

    /// <summary>Number of features per row.</summary>
    public const int Count = 3;

    internal static void CheckShapes(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, int rows)
    {
        if (rows <= 0) throw new ArgumentException($"rows must be positive (got {rows}).", nameof(rows));
        int length = rows * Count;
        if (prediction.Length != length)
            throw new ArgumentException($"prediction has {prediction.Length} values, expected rows·3 = {length}.", nameof(prediction));
        if (target.Length != length)
            throw new ArgumentException($"target has {target.Length} values, expected rows·3 = {length}.", nameof(target));
        if (gradient.Length != 0 && gradient.Length != length)
            throw new ArgumentException($"gradient has {gradient.Length} values, expected 0 or rows·3 = {length}.", nameof(gradient));
    }
}
