using Dl4m.Data;
using Dl4m.Midi;
using Dl4m.Tests.Midi;

namespace Dl4m.Tests.Data;

/// <summary>Bar position, bar length, tempo and capped Δtimes of dataset events, from files given as bytes (96 ticks per quarter).</summary>
public class NoteEventTimingTests
{
    private static byte[] Vlq(long value)
    {
        var bytes = new List<byte> { (byte)(value & 0x7F) };
        for (value >>= 7; value > 0; value >>= 7) bytes.Insert(0, (byte)(0x80 | (value & 0x7F)));
        return [.. bytes];
    }

    private static byte[] On(long delta, int note) => [.. Vlq(delta), 0x90, (byte)note, 100];
    private static byte[] Off(long delta, int note) => [.. Vlq(delta), 0x80, (byte)note, 64];
    private static byte[] Signature(long delta, int numerator, int power) => [.. Vlq(delta), 0xFF, 0x58, 0x04, (byte)numerator, (byte)power, 24, 8];
    private static byte[] Tempo(long delta, int us) => [.. Vlq(delta), 0xFF, 0x51, 0x03, (byte)(us >> 16), (byte)(us >> 8), (byte)us];

    private static EventRecord[] Extract(byte[] bytes) => NoteEventExtractor.ExtractAll(MidiReader.Read(bytes, MidiReadSettings.Strict));

    [Fact]
    public void Bar_position_length_and_tempo_follow_the_files_signatures_and_tempo_map()
    {
        // 3/4 at 90 bpm, a quarter note on each of beats 0-3; then 6/8 and 150 bpm from beat 4, one beat into the
        // second 3/4 bar, which it cuts short: a new bar starts there.
        var body = Smf.Body([
            .. Signature(0, 3, 2), .. Tempo(0, 666_667),
            .. On(0, 60), .. Off(96, 60), .. On(0, 62), .. Off(96, 62), .. On(0, 64), .. Off(96, 64), .. On(0, 65), .. Off(96, 65),
            .. Signature(0, 6, 3), .. Tempo(0, 400_000),
            .. On(0, 67), .. Off(96, 67), .. On(48, 69), .. Off(48, 69),
        ]);
        var events = Extract(Smf.File(0, body));
        Assert.Equal([0f, 1, 2, 0, 0, 1.5f], events.Select(e => e.BarPosition));
        Assert.Equal([3f, 3, 3, 3, 3, 3], events.Select(e => e.BarLength));
        Assert.Equal([90f, 90, 90, 90, 150, 150], events.Select(e => MathF.Round(e.Bpm, 2)));
        Assert.Equal([0f, 1, 1, 1, 1, 1.5f], events.Select(e => e.DeltaBeats));
        Assert.All(events, e => Assert.Equal(0, e.Flags));
    }

    [Fact]
    public void Without_signature_or_tempo_bars_are_4_4_at_120_bpm()
    {
        var events = Extract(Smf.File(0, Smf.Body([.. On(0, 60), .. Off(96 * 5 + 48, 60), .. On(0, 62)])));
        Assert.Equal((0f, 4f, 120f), (events[0].BarPosition, events[0].BarLength, events[0].Bpm));
        Assert.Equal((1.5f, 4f, 120f), (events[1].BarPosition, events[1].BarLength, events[1].Bpm));
    }

    [Fact]
    public void Format_2_tracks_count_bars_from_their_own_start_with_their_own_signatures()
    {
        // Track 0: 3/4, two notes 2 beats apart and a last event at beat 5. Track 1: no signature, a note on beat 1.
        var first = Smf.Body([.. Signature(0, 3, 2), .. On(0, 60), .. Off(192, 60), .. On(0, 62), .. Off(288, 62)]);
        var second = Smf.Body([.. On(96, 64), .. Off(96, 64)]);
        var events = Extract(Smf.File(2, first, second));
        Assert.Equal([0f, 2, 1], events.Select(e => e.BarPosition));
        Assert.Equal([3f, 3, 4], events.Select(e => e.BarLength));
    }

    [Fact]
    public void Under_smpte_division_seconds_come_from_ticks_and_beats_bars_and_tempo_from_the_tempo_map()
    {
        // 25 fps × 40 ticks per frame = 1000 ticks per second; 120 bpm from the start, 3/4; notes 1 s (2 beats) apart.
        var body = Smf.Body([.. Tempo(0, 500_000), .. Signature(0, 3, 2), .. On(0, 60), .. Off(1000, 60), .. On(0, 62), .. Off(1000, 62), .. On(0, 64), .. Off(500, 64)]);
        var events = Extract(Smf.File(0, 0xE728, body));
        Assert.Equal([0f, 1, 1], events.Select(e => e.DeltaSeconds));
        Assert.Equal([0f, 2, 2], events.Select(e => e.DeltaBeats));
        Assert.Equal([0f, 2, 1], events.Select(e => e.BarPosition)); // beat 4 is one beat into bar 2
        Assert.Equal([2f, 2, 1], events.Select(e => e.DurationBeats));
        Assert.All(events, e => Assert.Equal(120f, e.Bpm));
        Assert.All(events, e => Assert.Equal(3f, e.BarLength));
    }

    [Fact]
    public void A_huge_valid_delta_is_capped_and_flagged_and_leaves_the_statistics_sane()
    {
        // The largest delta a file can hold, 2^28 - 1 ticks: 1,398,101 s at 120 bpm. The first note is held across it.
        const long huge = 0x0FFF_FFFF;
        var events = Extract(Smf.File(0, Smf.Body([.. On(0, 60), .. On(96, 62), .. Off(96, 62), .. Off(huge, 60), .. On(0, 64), .. Off(96, 64)])));
        Assert.Equal(3, events.Length);
        Assert.Equal(NoteEventExtractor.MaxSeconds, events[0].DurationSeconds);
        Assert.Equal(NoteEventExtractor.MaxBeats, events[0].DurationBeats);
        Assert.Equal(EventFlags.DurationCapped, events[0].Flags);
        Assert.Equal(0, events[1].Flags);
        Assert.Equal(NoteEventExtractor.MaxSeconds, events[2].DeltaSeconds);
        Assert.Equal(NoteEventExtractor.MaxBeats, events[2].DeltaBeats);
        Assert.Equal(EventFlags.DeltaCapped, events[2].Flags);
        Assert.Equal(0.5f, events[2].DurationSeconds);
        // Bar position stays exact after the gap (ticks, not capped beats).
        long onsetTick = 96 + 96 + huge;
        Assert.Equal(onsetTick % (4 * 96) / 96.0, events[2].BarPosition, 4);

        var stats = new EventStatistics();
        stats.Add(events);
        Assert.Equal(NoteEventExtractor.MaxSeconds, stats.DeltaSeconds.Max);
        Assert.Equal(NoteEventExtractor.MaxSeconds, stats.DurationSeconds.Max);
        Assert.True(stats.DeltaSeconds.Mean < NoteEventExtractor.MaxSeconds);
    }

    [Fact]
    public void Long_but_plausible_rests_are_not_capped()
    {
        var events = Extract(Smf.File(0, Smf.Body([.. On(0, 60), .. Off(96, 60), .. On(96 * 100, 62), .. Off(96, 62)]))); // 50.5 s later
        Assert.Equal(50.5f, events[1].DeltaSeconds, 4);
        Assert.Equal(0, events[1].Flags);
    }
}
