using Dl4m.Midi;

namespace Dl4m.Data.Retiming;

/// <summary>
/// A tempo map that changes on every quarter-note beat, as a player's would: a smooth mean-reverting random walk
/// around the base tempo (about ±3 % per beat, held within ±20 %), times a ritardando through the last bar of
/// every 4-bar phrase (down to −20 % at its end, back a tempo on the next downbeat); the product stays within
/// ±25 % of the base. Bars come from the file's time signatures, so phrases follow its metre.
/// </summary>
internal static class RubatoTempo
{
    /// <summary>Base tempi are drawn from this range (bpm).</summary>
    public const double MinBase = 60, MaxBase = 180;

    private const double Swing = 0.25;         // the product never leaves base × (1 ± Swing)
    private const double WalkLimit = 0.20;     // the random walk alone stays within ±20 %
    private const double WalkStep = 0.03;      // standard deviation of one beat's step
    private const double WalkPull = 0.10;      // share of the distance to the base tempo taken back each beat
    private const double Ritardando = 0.20;    // slowing reached at the end of a phrase's last bar
    private const int PhraseBars = 4;
    private const int MaxEvents = 100_000;     // a file spanning more beats changes tempo every few beats instead

    /// <summary>Tempo events (tick, µs per quarter) from tick 0 up to <paramref name="lastTick"/>.</summary>
    public static List<(long Tick, int MicrosecondsPerQuarter)> Generate(double baseBpm, int ticksPerQuarter, long lastTick,
        TimeSignatureMap bars, Random rng)
    {
        long beats = lastTick / ticksPerQuarter + 1;
        long stride = Math.Max(1, (beats + MaxEvents - 1) / MaxEvents); // beats between tempo events
        var events = new List<(long, int)>((int)Math.Min(beats, MaxEvents) + 1);
        var barLines = new BarCursor(bars, ticksPerQuarter);
        double walk = 1;
        for (long beat = 0; beat < beats; beat += stride)
        {
            long tick = beat * ticksPerQuarter;
            var (barIndex, position, length) = barLines.At(tick);
            double slowing = barIndex % PhraseBars == PhraseBars - 1 ? 1 - Ritardando * (position + 1) / length : 1;
            double factor = Math.Clamp(walk * Math.Max(slowing, 1 - Ritardando), 1 - Swing, 1 + Swing);
            events.Add((tick, (int)Math.Round(60e6 / (baseBpm * factor))));
            walk = Math.Clamp(walk + WalkStep * Gaussian(rng) - WalkPull * (walk - 1), 1 - WalkLimit, 1 + WalkLimit);
        }
        return events;
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    private static double Gaussian(Random rng)
    {
        double u = 1 - rng.NextDouble(); // (0, 1]: the logarithm stays finite
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * rng.NextDouble());
    }

    /// <summary>Walks the bar lines forward: the bar number, position and length (quarter beats) of increasing ticks.</summary>
    private sealed class BarCursor(TimeSignatureMap map, int ticksPerQuarter)
    {
        private int _segment;
        private long _barsBefore; // whole bars in the segments before the current one

        public (long Bar, double Position, double Length) At(long tick)
        {
            var segments = map.Segments;
            while (_segment + 1 < segments.Count && segments[_segment + 1].Tick <= tick)
            {
                var s = segments[_segment];
                double span = (segments[_segment + 1].Tick - s.Tick) / (double)ticksPerQuarter;
                _barsBefore += (long)Math.Ceiling(span / s.BarBeats - 1e-9); // a cut-short last bar still counts
                _segment++;
            }
            var current = segments[_segment];
            double position = map.BarPosition(tick, tick / (double)ticksPerQuarter, out double length);
            double since = (tick - current.Tick) / (double)ticksPerQuarter;
            long bar = _barsBefore + (long)Math.Floor((since - position) / length + 0.5);
            return (bar, position, length);
        }
    }
}
