namespace Dl4m.Training.Losses;

/// <summary>
/// The smooth target shape the note-loss polynomial is fitted to, built from the musical rule:
/// dips at consonant intervals, bumps halfway between them, repeating by octaves beyond ±12.
/// tools/note_loss_fit.py builds the same shape in numpy to cross-check the fit.
/// </summary>
internal sealed class NoteLossTarget
{
    private readonly int[] _points;      // consonant intervals in [−12, 12], ascending
    private readonly double[] _minima;   // loss at each point
    private readonly double[] _peaks;    // loss halfway between point i and i+1

    public NoteLossTarget(NoteLossOptions options)
    {
        var classes = new HashSet<int>();
        foreach (int interval in options.ConsonantIntervals)
        {
            if (interval is < 0 or > 11)
                throw new Dl4mException($"note loss: consonant interval {interval} is not a pitch class 0–11.");
            classes.Add(interval);
        }
        if (!classes.Contains(0))
            throw new Dl4mException("note loss: the consonant intervals must contain 0 (the true note itself).");

        _points = Enumerable.Range(-12, 25).Where(m => classes.Contains(((m % 12) + 12) % 12)).ToArray();
        _minima = _points.Select(m => m == 0 ? 0.0 : options.MinimumValues.GetValueOrDefault(m, options.DefaultMinimumValue)).ToArray();
        _peaks = new double[_points.Length - 1];
        for (int i = 0; i < _peaks.Length; i++)
            _peaks[i] = options.PeakValues.GetValueOrDefault((_points[i] + _points[i + 1]) / 2.0, options.DefaultPeakValue);

        for (int i = 0; i < _points.Length; i++)
            if (!(_minima[i] >= 0) || double.IsInfinity(_minima[i]))
                throw new Dl4mException($"note loss: the value at consonant interval {_points[i]} must be a finite number ≥ 0 (got {_minima[i]}).");
        for (int i = 0; i < _peaks.Length; i++)
            if (!(_peaks[i] > Math.Max(_minima[i], _minima[i + 1])) || double.IsInfinity(_peaks[i]))
                throw new Dl4mException(
                    $"note loss: the peak between intervals {_points[i]} and {_points[i + 1]} ({_peaks[i]}) must be finite and above both minima.");
    }

    /// <summary>Consonant intervals within one octave each side, ascending (always −12, 0 and 12 among them).</summary>
    public IReadOnlyList<int> Points => _points;

    /// <summary>Target loss at consonant point <paramref name="index"/> of <see cref="Points"/>.</summary>
    public double MinimumAt(int index) => _minima[index];

    /// <summary>The target loss at d semitones (any d; beyond ±12 it repeats by octaves, one octave costing the value at ±12).</summary>
    public double Value(double d)
    {
        if (d > 12) return Value(d - 12) + _minima[^1];
        if (d < -12) return Value(d + 12) + _minima[0];
        int i = 0;
        while (i < _points.Length - 2 && d > _points[i + 1]) i++;
        double a = _points[i], b = _points[i + 1], mid = (a + b) / 2, peak = _peaks[i];
        // Half-cosine flanks: zero slope at each dip and at the bump, so the target is smooth.
        return d <= mid
            ? _minima[i] + (peak - _minima[i]) * (1 - Math.Cos(Math.PI * (d - a) / (mid - a))) / 2
            : peak + (_minima[i + 1] - peak) * (1 - Math.Cos(Math.PI * (d - mid) / (b - mid))) / 2;
    }
}
