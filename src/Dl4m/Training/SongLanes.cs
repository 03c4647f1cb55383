using Dl4m.Categorical;

namespace Dl4m.Training;

/// <summary>
/// Lanes for stateful training and validation over a <see cref="CategoricalWindowSet"/>: each batch row walks through
/// songs one window after the other, so the LSTM state at the end of a window can start the next window of the same
/// song. Built only on the window set's public surface: a song's windows have consecutive indices, and
/// <see cref="CategoricalWindowSet.ContinuesPrevious"/> says where one run of directly following windows (a song, or
/// the part of a song between two gaps left by --max-windows) ends and the next begins; such a run is a segment here.
/// </summary>
internal sealed class SongLanes
{
    private readonly int[] _segmentStart;  // (segments) first window
    private readonly int[] _segmentLength; // (segments) windows
    private readonly int[] _segmentOf;     // (windows) the window's segment
    private readonly int[] _lowest;        // (segments) lowest pitch of any window of the segment
    private readonly int[] _highest;       // (segments) highest pitch
    private readonly int[] _shuffled;      // (segments) scratch of FillOrder

    public SongLanes(CategoricalWindowSet windows)
    {
        var starts = new List<int>();
        _segmentOf = new int[windows.Count];
        for (int w = 0; w < windows.Count; w++)
        {
            if (!windows.ContinuesPrevious(w)) starts.Add(w);
            _segmentOf[w] = starts.Count - 1;
        }
        _segmentStart = [.. starts];
        _segmentLength = new int[starts.Count];
        _lowest = new int[starts.Count];
        _highest = new int[starts.Count];
        Array.Fill(_lowest, int.MaxValue);
        Array.Fill(_highest, int.MinValue);
        for (int w = 0; w < windows.Count; w++)
        {
            int s = _segmentOf[w];
            _segmentLength[s]++;
            var (low, high) = windows.PitchRange(w);
            _lowest[s] = Math.Min(_lowest[s], low);
            _highest[s] = Math.Max(_highest[s], high);
        }
        _shuffled = new int[starts.Count];
        Windows = windows.Count;
    }

    /// <summary>Windows of the set.</summary>
    public int Windows { get; }

    /// <summary>Runs of directly following windows (songs, unless --max-windows cut them).</summary>
    public int Segments => _segmentStart.Length;

    /// <summary>The segment of window <paramref name="window"/>.</summary>
    public int SegmentOf(int window) => _segmentOf[window];

    /// <summary>Windows in segment <paramref name="segment"/>.</summary>
    public int LengthOf(int segment) => _segmentLength[segment];

    /// <summary>Lowest and highest pitch of the inputs and targets of every window of segment <paramref name="segment"/>.</summary>
    public (int Lowest, int Highest) PitchRange(int segment) => (_lowest[segment], _highest[segment]);

    /// <summary>
    /// An epoch's training order for <paramref name="batch"/> lanes, a function of (seed, epoch) only: the segments are
    /// shuffled (<see cref="EpochShuffle"/>), their windows laid end to end in that order into one stream, and the stream
    /// cut into <paramref name="batch"/> equal parts of L = Windows / batch windows; row b of step s trains part b's
    /// window s: <c>order[s·batch + b] = stream[b·L + s]</c>. So every step is a full batch and an epoch has as many steps
    /// as with shuffled windows; the Windows mod batch windows at the stream's end are left for that epoch (they fill the
    /// rest of <paramref name="order"/>, which no step reads). A row's state carries across its steps while the window
    /// continues the row's previous one; a part that begins inside a segment begins from zero (at most batch − 1 places).
    /// </summary>
    public void FillOrder(Span<int> order, int batch, int seed, int epoch)
    {
        if (order.Length != Windows) throw new ArgumentException($"an order of {order.Length} for {Windows} windows", nameof(order));
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), $"batch must be at least 1 (got {batch})");
        EpochShuffle.Fill(_shuffled, seed, epoch);
        int lane = Windows / batch, at = 0;
        foreach (int segment in _shuffled)
            for (int i = 0; i < _segmentLength[segment]; i++, at++)
            {
                int w = _segmentStart[segment] + i;
                int b = lane > 0 ? at / lane : batch;
                order[b < batch ? (at % lane) * batch + b : at] = w; // past the last full part: the unused tail
            }
    }

    /// <summary>
    /// Whole segments packed into <paramref name="lanes"/> lanes for evaluation with context, each segment on one lane
    /// from its first window (longest first onto the least-filled lane, so the lanes end close together): returns
    /// (steps × lanes) windows, row-major by step, −1 where a lane has finished. <paramref name="lanes"/> is reduced to
    /// the number of segments, and to as many lanes as the longest segment leaves full (fewer idle rows).
    /// </summary>
    public (int[] Plan, int Lanes, int Steps) Pack(int lanes)
    {
        if (Segments == 0) return ([], 0, 0);
        int longest = _segmentLength.Max();
        lanes = Math.Clamp(Windows / longest, 1, Math.Min(lanes, Segments));
        var bySize = Enumerable.Range(0, Segments).OrderByDescending(s => _segmentLength[s]).ThenBy(s => s).ToArray();
        var load = new int[lanes];
        var laneSegments = new List<int>[lanes];
        for (int l = 0; l < lanes; l++) laneSegments[l] = [];
        foreach (int s in bySize)
        {
            int least = 0;
            for (int l = 1; l < lanes; l++) if (load[l] < load[least]) least = l;
            laneSegments[least].Add(s);
            load[least] += _segmentLength[s];
        }
        int steps = load.Max();
        var plan = new int[steps * lanes];
        Array.Fill(plan, -1);
        for (int l = 0; l < lanes; l++)
        {
            int step = 0;
            foreach (int s in laneSegments[l])
                for (int i = 0; i < _segmentLength[s]; i++) plan[step++ * lanes + l] = _segmentStart[s] + i;
        }
        return (plan, lanes, steps);
    }
}
