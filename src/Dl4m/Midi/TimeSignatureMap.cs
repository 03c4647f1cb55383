using System.Runtime.InteropServices;

namespace Dl4m.Midi;

/// <summary>
/// Where bars are, from a file's time signatures: each signature holds from its tick until the next one, and
/// starts a new bar where it is (a change in the middle of a bar cuts that bar short). 4/4 before the first
/// signature and when there is none. In formats 0 and 1 a time signature on any track applies to all tracks
/// (as with tempo); in format 2 each track has its own (<see cref="ForTrack"/>). Several signatures at one tick:
/// the last in file order wins. An implausible signature (see <see cref="IsPlausible"/>) reads as 4/4 from its
/// tick; the reader reports it (<see cref="MidiErrorKind.BadTimeSignature"/>) with its byte offset.
/// <para>
/// Under PPQ division bar positions are computed in integer ticks, so they are exact and identical whatever the
/// tempo map or the resolution of the file; under SMPTE division they come from the tempo map's beats.
/// </para>
/// </summary>
public sealed class TimeSignatureMap
{
    /// <summary>The longest bar taken from a file, in quarter notes (16/4, 32/8); longer bars read as 4/4.</summary>
    public const int MaxBarQuarters = 16;

    /// <summary>The largest denominator power taken from a file (2^6 = 64th notes).</summary>
    public const int MaxDenominatorPower = 6;

    private readonly long[] _ticks;          // segment start ticks, ascending, _ticks[0] == 0
    private readonly double[] _startBeats;   // beats at each segment start
    private readonly double[] _barBeats;     // bar length in quarter beats within each segment
    private readonly int[] _shift;           // denominator power: ticks × 2^shift is in units of 1/(tpq × 2^shift) quarters
    private readonly long[] _barUnits;       // bar length in those units: numerator × 4 × tpq (PPQ only)
    private readonly int _ticksPerQuarter;   // 0 under SMPTE division
    private readonly TimeSignatureSegment[] _segments;

    private TimeSignatureMap(TimeDivision division, TempoMap tempo, List<(long Tick, int Numerator, int Power)> changes)
    {
        // Insertion sort: stable (file order kept at equal ticks, so the last one wins) and cheap for the few a file has.
        for (int i = 1; i < changes.Count; i++)
        {
            var item = changes[i];
            int j = i - 1;
            for (; j >= 0 && changes[j].Tick > item.Tick; j--) changes[j + 1] = changes[j];
            changes[j + 1] = item;
        }
        var merged = new List<(long Tick, int Numerator, int Power)>(changes.Count + 1) { (0, 4, 2) };
        foreach (var change in changes)
        {
            if (merged[^1].Tick == change.Tick) merged[^1] = change;
            else merged.Add(change);
        }
        int n = merged.Count;
        _ticks = new long[n];
        _startBeats = new double[n];
        _barBeats = new double[n];
        _shift = new int[n];
        _barUnits = new long[n];
        _segments = new TimeSignatureSegment[n];
        _ticksPerQuarter = division.IsSmpte ? 0 : Math.Max(1, division.TicksPerQuarter);
        for (int i = 0; i < n; i++)
        {
            var (tick, numerator, power) = merged[i];
            _ticks[i] = tick;
            _startBeats[i] = tempo.Beats(tick);
            _shift[i] = power;
            _barUnits[i] = (long)numerator * 4 * _ticksPerQuarter;
            _segments[i] = new TimeSignatureSegment(tick, _startBeats[i], numerator, power);
            _barBeats[i] = _segments[i].BarBeats;
        }
    }

    /// <summary>The signatures in force, in time order, the first at tick 0 (4/4 there when the file sets none).</summary>
    public IReadOnlyList<TimeSignatureSegment> Segments => _segments;

    /// <summary>The time-signature map of a format 0 or 1 file: signatures of every track, merged.</summary>
    /// <param name="file">The file.</param>
    /// <param name="tempo">Its tempo map (gives each signature's beat; needed under SMPTE division).</param>
    public static TimeSignatureMap FromFile(MidiFile file, TempoMap tempo)
    {
        var changes = new List<(long, int, int)>();
        foreach (var track in file.Tracks) Collect(track, changes);
        return new TimeSignatureMap(file.Division, tempo, changes);
    }

    /// <summary>The time-signature map of one track alone (format 2 files, where tracks are independent).</summary>
    public static TimeSignatureMap ForTrack(MidiFile file, int trackIndex, TempoMap tempo)
    {
        var changes = new List<(long, int, int)>();
        Collect(file.Tracks[trackIndex], changes);
        return new TimeSignatureMap(file.Division, tempo, changes);
    }

    /// <summary>
    /// True for a signature this map uses: numerator at least 1, denominator at most 64 (power 6), and bars of at most
    /// <see cref="MaxBarQuarters"/> quarter notes.
    /// </summary>
    public static bool IsPlausible(int numerator, int denominatorPower) =>
        numerator >= 1 && denominatorPower is >= 0 and <= MaxDenominatorPower &&
        numerator * 4.0 / (1 << denominatorPower) <= MaxBarQuarters;

    /// <summary>Reads (numerator, denominator power) from a time-signature event, or null if its payload has fewer than 2 bytes.</summary>
    public static (int Numerator, int DenominatorPower)? Read(in MidiEvent e) =>
        e is { Type: MidiEventType.Meta, MetaType: MetaType.TimeSignature, Payload: { Length: >= 2 } p } ? (p[0], p[1]) : null;

    private static void Collect(MidiTrack track, List<(long, int, int)> changes)
    {
        foreach (ref readonly var e in CollectionsMarshal.AsSpan(track.Events))
        {
            if (e.Type != MidiEventType.Meta || e.MetaType != MetaType.TimeSignature) continue;
            // A signature that makes no sense still marks a change: it reads as 4/4 from there.
            changes.Add(Read(e) is var (numerator, power) && IsPlausible(numerator, power) ? (e.Tick, numerator, power) : (e.Tick, 4, 2));
        }
    }

    private int Segment(long tick)
    {
        int i = Array.BinarySearch(_ticks, tick);
        return i >= 0 ? i : Math.Max(0, ~i - 1);
    }

    /// <summary>Length in quarter-note beats of the bar holding a tick.</summary>
    public double BarLengthAt(long tick) => _barBeats[Segment(tick)];

    /// <summary>
    /// Where a tick is in its bar: quarter-note beats since the bar's start (0 ≤ position &lt; bar length), and that
    /// bar's length. <paramref name="beats"/> is the tick's beat from the same tempo map (used under SMPTE only).
    /// </summary>
    public double BarPosition(long tick, double beats, out double barLength)
    {
        int s = Segment(tick);
        barLength = _barBeats[s];
        if (_ticksPerQuarter > 0)
        {
            // Exact: (ticks since the signature × 2^power) mod (numerator × 4 × tpq), in units of 1/(tpq × 2^power) quarters.
            long since = Math.Max(0, tick - _ticks[s]);
            long units = (since << _shift[s]) % _barUnits[s];
            return units / (double)((long)_ticksPerQuarter << _shift[s]);
        }
        double offset = Math.Max(0, beats - _startBeats[s]);
        double position = offset - Math.Floor(offset / barLength) * barLength;
        return position >= barLength - 1e-9 ? 0 : position; // a rounding step below the next bar line is on it
    }
}
