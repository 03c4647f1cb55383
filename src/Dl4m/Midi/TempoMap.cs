namespace Dl4m.Midi;

/// <summary>
/// Converts absolute ticks to seconds and beats through the file's tempo changes.
/// In formats 0 and 1 a tempo event on any track applies to all tracks (as mido and every sequencer
/// do); in format 2 each track is its own sequence with its own tempo map (<see cref="ForTrack"/>).
/// Under SMPTE division a tick is a fixed time and tempo only defines the beat.
/// Implausible tempos (0, or outside <see cref="MinBpm"/>–<see cref="MaxBpm"/>) are ignored: the previous tempo
/// holds (120 bpm at the start). The reader reports them (<see cref="MidiErrorKind.BadTempo"/>) with their offset.
/// </summary>
public sealed class TempoMap
{
    /// <summary>The MIDI default when no tempo is set: 120 beats per minute.</summary>
    public const int DefaultMicrosecondsPerQuarter = 500_000;

    /// <summary>Slowest tempo taken from a file, in quarter notes per minute; slower ones are ignored.</summary>
    public const double MinBpm = 5;

    /// <summary>Fastest tempo taken from a file, in quarter notes per minute; faster ones (and 0 µs) are ignored.</summary>
    public const double MaxBpm = 1000;

    private readonly long[] _ticks;        // segment start ticks, ascending, _ticks[0] == 0
    private readonly double[] _seconds;    // seconds at each segment start
    private readonly double[] _secPerTick; // seconds per tick within each segment
    private readonly double[] _bpm;        // quarter notes per minute within each segment
    private readonly double _beatsPerTick; // PPQ: 1/ticksPerQuarter
    private readonly double[] _beatsAtStart; // SMPTE: beats at each segment start
    private readonly double[] _beatsPerSecond; // SMPTE: beats per second within each segment
    private readonly bool _smpte;

    private TempoMap(TimeDivision division, List<(long Tick, int Tempo)> changes)
    {
        // Insertion sort: stable (changes at the same tick keep file order, so the last one wins), and
        // cheap for the handful of tempo changes a file has; LINQ's OrderBy cost ~50 ms of JIT per process.
        for (int i = 1; i < changes.Count; i++)
        {
            var item = changes[i];
            int j = i - 1;
            for (; j >= 0 && changes[j].Tick > item.Tick; j--) changes[j + 1] = changes[j];
            changes[j + 1] = item;
        }
        var merged = new List<(long Tick, int Tempo)> { (0, DefaultMicrosecondsPerQuarter) };
        foreach (var (tick, tempo) in changes)
        {
            if (merged[^1].Tick == tick) merged[^1] = (tick, tempo);
            else merged.Add((tick, tempo));
        }
        int n = merged.Count;
        _ticks = new long[n];
        _seconds = new double[n];
        _secPerTick = new double[n];
        _beatsAtStart = new double[n];
        _beatsPerSecond = new double[n];
        _bpm = new double[n];
        _smpte = division.IsSmpte;
        int tpq = Math.Max(1, division.TicksPerQuarter);
        _beatsPerTick = 1.0 / tpq;
        for (int i = 0; i < n; i++)
        {
            _ticks[i] = merged[i].Tick;
            double quarterSeconds = Math.Max(1, merged[i].Tempo) / 1e6;
            _secPerTick[i] = _smpte ? division.SmpteSecondsPerTick : quarterSeconds / tpq;
            _beatsPerSecond[i] = 1.0 / quarterSeconds;
            _bpm[i] = 60.0 / quarterSeconds;
            if (i > 0)
            {
                double dt = (_ticks[i] - _ticks[i - 1]) * _secPerTick[i - 1];
                _seconds[i] = _seconds[i - 1] + dt;
                _beatsAtStart[i] = _beatsAtStart[i - 1] + dt * _beatsPerSecond[i - 1];
            }
        }
        Changes = merged;
    }

    /// <summary>Tempo segments: start tick and microseconds per quarter note, first at tick 0.</summary>
    public IReadOnlyList<(long Tick, int MicrosecondsPerQuarter)> Changes { get; }

    /// <summary>The tempo map of a format 0 or 1 file: tempo events of every track, merged.</summary>
    public static TempoMap FromFile(MidiFile file)
    {
        var changes = new List<(long, int)>();
        foreach (var track in file.Tracks) Collect(track, changes);
        return new TempoMap(file.Division, changes);
    }

    /// <summary>The tempo map of one track alone (format 2 files, where tracks are independent).</summary>
    public static TempoMap ForTrack(MidiFile file, int trackIndex)
    {
        var changes = new List<(long, int)>();
        Collect(file.Tracks[trackIndex], changes);
        return new TempoMap(file.Division, changes);
    }

    /// <summary>Reads microseconds per quarter from a set-tempo payload, or null if it is malformed.</summary>
    public static int? ReadTempo(in MidiEvent e) =>
        e is { Type: MidiEventType.Meta, MetaType: MetaType.SetTempo, Payload: { Length: >= 3 } p }
            ? (p[0] << 16) | (p[1] << 8) | p[2]
            : null;

    /// <summary>
    /// True for a tempo this map uses: 60,000–12,000,000 µs per quarter note (1000 down to 5 bpm). A tempo of 0
    /// (which would put every later note at the same instant) and absurd ones are ignored with a reader warning.
    /// </summary>
    public static bool IsPlausible(int microsecondsPerQuarter) =>
        microsecondsPerQuarter >= 60e6 / MaxBpm && microsecondsPerQuarter <= 60e6 / MinBpm;

    private static void Collect(MidiTrack track, List<(long, int)> changes)
    {
        foreach (ref readonly var e in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(track.Events))
        {
            if (e.Type == MidiEventType.Meta && ReadTempo(e) is int tempo && IsPlausible(tempo)) changes.Add((e.Tick, tempo));
        }
    }

    private int Segment(long tick)
    {
        int i = Array.BinarySearch(_ticks, tick);
        return i >= 0 ? i : Math.Max(0, ~i - 1);
    }

    /// <summary>Seconds from the start of the file to the given tick.</summary>
    public double Seconds(long tick)
    {
        int i = Segment(tick);
        return _seconds[i] + (tick - _ticks[i]) * _secPerTick[i];
    }

    /// <summary>The tempo in force at a tick, in quarter notes per minute.</summary>
    public double BpmAt(long tick) => _bpm[Segment(tick)];

    /// <summary>Quarter-note beats from the start of the file to the given tick.</summary>
    public double Beats(long tick)
    {
        if (!_smpte) return tick * _beatsPerTick;
        int i = Segment(tick);
        return _beatsAtStart[i] + (tick - _ticks[i]) * _secPerTick[i] * _beatsPerSecond[i];
    }
}
