using Dl4m.Midi;

namespace Dl4m.Tests.Midi;

public class TempoMapTests
{
    private static MidiEvent Tempo(long tick, int usPerQuarter) =>
        MidiEvent.MetaEvent(tick, MetaType.SetTempo, [(byte)(usPerQuarter >> 16), (byte)(usPerQuarter >> 8), (byte)usPerQuarter]);

    [Fact]
    public void Default_tempo_is_120_bpm()
    {
        var file = new MidiFile(1, TimeDivision.Ppq(480), [new MidiTrack()]);
        var map = TempoMap.FromFile(file);
        Assert.Equal(0.5, map.Seconds(480), 12);
        Assert.Equal(2.0, map.Beats(960), 12);
    }

    [Fact]
    public void Tempo_changes_on_any_track_apply_to_all_tracks()
    {
        // Track 0: 120 bpm, then 60 bpm from beat 2. Track 1 holds only notes.
        var conductor = new MidiTrack([Tempo(0, 500_000), Tempo(960, 1_000_000)]);
        var notes = new MidiTrack([MidiEvent.ChannelEvent(1440, MidiEventType.NoteOn, 0, 60, 100)]);
        var map = TempoMap.FromFile(new MidiFile(1, TimeDivision.Ppq(480), [conductor, notes]));
        Assert.Equal(1.0, map.Seconds(960), 12);
        Assert.Equal(2.0, map.Seconds(1440), 12); // one more beat at 1 s per beat
        Assert.Equal(3.0, map.Beats(1440), 12);
    }

    [Fact]
    public void Last_tempo_at_the_same_tick_wins()
    {
        var track = new MidiTrack([Tempo(0, 250_000), Tempo(0, 1_000_000)]);
        var map = TempoMap.FromFile(new MidiFile(0, TimeDivision.Ppq(100), [track]));
        Assert.Equal(1.0, map.Seconds(100), 12);
    }

    [Fact]
    public void Smpte_ticks_are_fixed_time_and_tempo_only_sets_the_beat()
    {
        // 25 fps, 40 ticks per frame: 1,000 ticks per second whatever the tempo.
        var track = new MidiTrack([Tempo(0, 1_000_000)]);
        var map = TempoMap.FromFile(new MidiFile(0, TimeDivision.Smpte(25, 40), [track]));
        Assert.Equal(2.5, map.Seconds(2500), 12);
        Assert.Equal(2.5, map.Beats(2500), 12); // 60 bpm: one beat per second
    }
}
