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

    private readonly Span[] _spans;          // ascending ticks, _spans[0].Tick == 0
    private readonly int _ticksPerQuarter;   // 0 under SMPTE division
    private TimeSignatureSegment[]? _segments;

    /// <summary>One signature's stretch, with what locating a tick in it needs precomputed (one array: few allocations per file).</summary>
    private readonly record struct Span(long Tick, double StartBeats, double BarBeats, int Numerator, int Shift, long BarUnits);

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
        _ticksPerQuarter = division.IsSmpte ? 0 : Math.Max(1, division.TicksPerQuarter);
        int distinct = 1; // 4/4 at tick 0, replaced by any signature there
        for (int i = 0; i < changes.Count; i++)
            if (changes[i].Tick > 0 && (i == 0 || changes[i].Tick != changes[i - 1].Tick)) distinct++;
        _spans = new Span[distinct];
        _spans[0] = Make(0, 4, 2, tempo);
        int n = 1;
        foreach (var (tick, numerator, power) in changes)
        {
            if (_spans[n - 1].Tick == tick) _spans[n - 1] = Make(tick, numerator, power, tempo); // the last at a tick wins
            else _spans[n++] = Make(tick, numerator, power, tempo);
        }
    }

    private Span Make(long tick, int numerator, int power, TempoMap tempo) =>
        new(tick, tempo.Beats(tick), numerator * 4.0 / (1 << power), numerator, power, (long)numerator * 4 * _ticksPerQuarter);

    /// <summary>The signatures in force, in time order, the first at tick 0 (4/4 there when the file sets none).</summary>
    public IReadOnlyList<TimeSignatureSegment> Segments =>
        _segments ??= Array.ConvertAll(_spans, x => new TimeSignatureSegment(x.Tick, x.StartBeats, x.Numerator, x.Shift));

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
        // Binary search for the last span starting at or before the tick (most files have one or two).
        int lo = 0, hi = _spans.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (_spans[mid].Tick <= tick) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /// <summary>Length in quarter-note beats of the bar holding a tick.</summary>
    public double BarLengthAt(long tick) => _spans[Segment(tick)].BarBeats;

    /// <summary>
    /// Where a tick is in its bar: quarter-note beats since the bar's start (0 ≤ position &lt; bar length), and that
    /// bar's length. <paramref name="beats"/> is the tick's beat from the same tempo map (used under SMPTE only).
    /// </summary>
    public double BarPosition(long tick, double beats, out double barLength)
    {
        ref readonly var s = ref _spans[Segment(tick)];
        barLength = s.BarBeats;
        if (_ticksPerQuarter > 0)
        {
            // Exact: (ticks since the signature × 2^power) mod (numerator × 4 × tpq), in units of 1/(tpq × 2^power) quarters.
            long since = Math.Max(0, tick - s.Tick);
            long units = (since << s.Shift) % s.BarUnits;
            return units / (double)((long)_ticksPerQuarter << s.Shift);
        }
        double offset = Math.Max(0, beats - s.StartBeats);
        double position = offset - Math.Floor(offset / barLength) * barLength;
        return position >= barLength - 1e-9 ? 0 : position; // a rounding step below the next bar line is on it
    }
}
