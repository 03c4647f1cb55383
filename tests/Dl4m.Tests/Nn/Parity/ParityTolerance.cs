namespace Dl4m.Tests.Nn.Parity;

/// <summary>
/// Compares values with one combined tolerance, |actual − expected| ≤ tol·max(1, |expected|): relative
/// for large values, absolute near zero (where a relative test would demand impossible digits).
/// Records every comparison and keeps the worst error and the first failure, so a test compares
/// everything, then reports how close it really was (<see cref="AssertAllWithin"/>).
/// </summary>
internal sealed class ParityTolerance(double tolerance)
{
    private string? firstFailure;
    private int failures;

    /// <summary>Largest |a−b| / max(1,|b|) seen so far (infinity for a NaN).</summary>
    public double MaxError { get; private set; }

    /// <summary>What was being compared when <see cref="MaxError"/> was seen.</summary>
    public string MaxErrorAt { get; private set; } = "(nothing compared)";

    public int Compared { get; private set; }

    /// <summary>
    /// For the report only: the largest purely relative error |a−b|/|b| among values with |b| ≥ 1e-3
    /// (the combined measure above is an absolute error for the many values below 1).
    /// </summary>
    public double MaxRelativeError { get; private set; }

    public void Check(string what, ReadOnlySpan<float> actual, ReadOnlySpan<double> expected)
    {
        Assert.True(actual.Length == expected.Length, $"{what}: {actual.Length} values, expected {expected.Length}");
        for (int i = 0; i < actual.Length; i++)
            Check($"{what}[{i}]", actual[i], expected[i]);
    }

    public void Check(string what, double actual, double expected)
    {
        Compared++;
        double error = Math.Abs(actual - expected) / Math.Max(1.0, Math.Abs(expected));
        if (double.IsNaN(error)) error = double.PositiveInfinity;
        if (Math.Abs(expected) >= 1e-3)
            MaxRelativeError = Math.Max(MaxRelativeError, Math.Abs(actual - expected) / Math.Abs(expected));
        if (error > MaxError || Compared == 1)
        {
            MaxError = error;
            MaxErrorAt = what;
        }
        if (error > tolerance)
        {
            failures++;
            firstFailure ??= $"{what}: got {actual:R}, expected {expected:R} (error {error:E2})";
        }
    }

    /// <summary>Fails when any comparison was out of tolerance, naming the first and the worst.</summary>
    public void AssertAllWithin()
    {
        Assert.True(Compared > 0, "nothing was compared");
        Assert.True(failures == 0,
            $"{failures} of {Compared} values off by more than {tolerance:E0}; first: {firstFailure}; worst: {MaxError:E2} at {MaxErrorAt}");
    }

    /// <summary>
    /// Writes one line per named comparison under <paramref name="header"/> (so every parity run shows its figures),
    /// then asserts each of them, in order.
    /// </summary>
    public static void ReportAndAssert(Xunit.Abstractions.ITestOutputHelper output, string header, params (string Name, ParityTolerance Tolerance)[] comparisons)
    {
        int width = comparisons.Max(c => c.Name.Length) + 1;
        output.WriteLine(header);
        foreach (var (name, tolerance) in comparisons) output.WriteLine($"  {(name + ":").PadRight(width)} {tolerance}");
        foreach (var (_, tolerance) in comparisons) tolerance.AssertAllWithin();
    }

    public override string ToString() =>
        $"max error {MaxError:E2} at {MaxErrorAt} ({Compared} values; max relative error where |expected| ≥ 1e-3: {MaxRelativeError:E2})";
}
