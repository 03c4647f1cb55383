using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dl4m.Training.Losses;

/// <summary>
/// A fast stand-in for a smooth function on [−range, range]: piecewise cubic Hermite interpolation of its exact
/// values and slopes on a grid of 1/<see cref="StepsPerSemitone"/> semitone. The interpolant is C¹ (value and
/// slope match the function at every node), its derivative is exactly that of the cubic that gives the value,
/// and for the note loss it differs from the polynomial by &lt; 1e-7 in value (measured 3.6e-8; tested). About 5–25 ns
/// per call instead of ~100 ns for a degree-42 Clenshaw recurrence, whose cost is one long dependency chain.
/// </summary>
internal sealed class HermiteTable
{
    public const int StepsPerSemitone = 64;

    private readonly double[] _cubics; // (intervals, 4): a0..a3 of a0 + a1·t + a2·t² + a3·t³, t ∈ [0, 1] within the interval
    private readonly double _range;
    private readonly int _intervals;

    public HermiteTable(Func<double, (double Value, double Slope)> function, double range)
    {
        _range = range;
        _intervals = (int)Math.Round(2 * range * StepsPerSemitone);
        double h = 1.0 / StepsPerSemitone;
        _cubics = new double[_intervals * 4];
        var (y0, m0) = function(-range);
        for (int i = 0; i < _intervals; i++)
        {
            var (y1, m1) = function(-range + (i + 1) * h);
            // Hermite basis in t with slopes scaled by h (dy/dt = h·dy/dd).
            double s0 = m0 * h, s1 = m1 * h;
            _cubics[4 * i] = y0;
            _cubics[4 * i + 1] = s0;
            _cubics[4 * i + 2] = 3 * (y1 - y0) - 2 * s0 - s1;
            _cubics[4 * i + 3] = 2 * (y0 - y1) + s0 + s1;
            (y0, m0) = (y1, m1);
        }
    }

    /// <summary>Value and slope at d, which must lie in [−range, range].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Evaluate(double d, out double slope)
    {
        double position = (d + _range) * StepsPerSemitone;
        int i = Math.Clamp((int)position, 0, _intervals - 1);
        double t = position - i;
        ref double a = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_cubics), 4 * i);
        double a1 = Unsafe.Add(ref a, 1), a2 = Unsafe.Add(ref a, 2), a3 = Unsafe.Add(ref a, 3);
        slope = ((3 * a3 * t + 2 * a2) * t + a1) * StepsPerSemitone;
        return ((a3 * t + a2) * t + a1) * t + a;
    }
}
