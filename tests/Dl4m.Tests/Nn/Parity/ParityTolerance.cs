namespace Dl4m.Tests.Nn.Parity;

/// <summary>
/// Compares tensors with one combined tolerance, |actual − expected| ≤ tol·max(1, |expected|): relative
/// for large values, absolute near zero (where a relative test would demand impossible digits). Keeps
/// the worst error seen, so a test can report how close it really was.
/// </summary>
internal sealed class ParityTolerance(double tolerance)
{
    /// <summary>Largest |a−b| / max(1,|b|) seen so far, and where.</summary>
    public double MaxError { get; private set; }

    public string MaxErrorAt { get; private set; } = "(nothing compared)";

    public void Check(string what, ReadOnlySpan<float> actual, ReadOnlySpan<double> expected)
    {
        Assert.True(actual.Length == expected.Length, $"{what}: {actual.Length} values, expected {expected.Length}");
        for (int i = 0; i < actual.Length; i++)
            Check($"{what}[{i}]", actual[i], expected[i]);
    }

    public void Check(string what, double actual, double expected)
    {
        double error = Math.Abs(actual - expected) / Math.Max(1.0, Math.Abs(expected));
        if (!(error <= MaxError))
        {
            MaxError = double.IsNaN(error) ? double.PositiveInfinity : error;
            MaxErrorAt = what;
        }
        Assert.True(error <= tolerance, $"{what}: got {actual:R}, expected {expected:R} (error {error:E2} > {tolerance:E0})");
    }
}
