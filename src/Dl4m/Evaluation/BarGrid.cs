using Dl4m.Midi;

namespace Dl4m.Evaluation;

/// <summary>
/// Where bars start, in quarter-note beats, from the time signatures of a file: each signature holds from its
/// position until the next one (a change in the middle of a bar starts a new bar there). 4/4 before the first
/// signature, when there is none, and in place of an implausible one (see <see cref="TimeSignatureMap"/>).
/// </summary>
public sealed class BarGrid
{
    private readonly double[] _starts;       // segment start beats, ascending, _starts[0] == 0
    private readonly double[] _barLengths;   // bar length in beats within each segment

    /// <summary>Creates a grid from (start beat, bar length in beats) segments; the first should start at 0.</summary>
    public BarGrid(IReadOnlyList<(double StartBeats, double BarBeats)> segments)
    {
        var merged = new List<(double Start, double Length)> { (0, 4) };
        foreach (var (start, length) in segments.OrderBy(s => s.StartBeats))
        {
            if (length <= 0 || start < 0) continue;
            if (merged[^1].Start == start) merged[^1] = (start, length);
            else merged.Add((start, length));
        }
        _starts = merged.Select(m => m.Start).ToArray();
        _barLengths = merged.Select(m => m.Length).ToArray();
    }

    /// <summary>A grid of bars all of the same length.</summary>
    public static BarGrid Constant(double barBeats) => new([(0, barBeats)]);

    /// <summary>
    /// The bar lines of a file: time signatures of every track (the last at a tick wins), read through
    /// <see cref="TimeSignatureMap"/>, the one reading of time signatures the dataset uses too.
    /// </summary>
    public static BarGrid FromFile(MidiFile file, TempoMap tempo)
    {
        var map = TimeSignatureMap.FromFile(file, tempo);
        var segments = new (double StartBeats, double BarBeats)[map.Segments.Count];
        for (int i = 0; i < segments.Length; i++) segments[i] = (map.Segments[i].StartBeats, map.Segments[i].BarBeats);
        return new BarGrid(segments);
    }

    /// <summary>Start beats of every bar that begins at or before <paramref name="lastBeat"/> (at least the first bar).</summary>
    public List<double> BarStarts(double lastBeat)
    {
        var starts = new List<double>();
        for (int s = 0; s < _starts.Length; s++)
        {
            double segmentEnd = s + 1 < _starts.Length ? _starts[s + 1] : double.PositiveInfinity;
            for (long k = 0; ; k++)
            {
                double bar = _starts[s] + k * _barLengths[s];
                if (bar >= segmentEnd || (bar > lastBeat && starts.Count > 0)) break;
                starts.Add(bar);
            }
            if (segmentEnd > lastBeat) break;
        }
        return starts;
    }

    /// <summary>Bar length in beats of the time signature in force at a beat.</summary>
    public double BarLengthAt(double beat)
    {
        int i = Array.BinarySearch(_starts, beat);
        return _barLengths[i >= 0 ? i : Math.Max(0, ~i - 1)];
    }
}
