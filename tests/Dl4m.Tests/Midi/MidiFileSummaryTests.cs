using Dl4m.Midi;

namespace Dl4m.Tests.Midi;

public class MidiFileSummaryTests
{
    private static MidiEvent Tempo(long tick, int us) => MidiEvent.MetaEvent(tick, MetaType.SetTempo, [(byte)(us >> 16), (byte)(us >> 8), (byte)us]);

    [Theory]
    [InlineData(0, 0, "C major")]
    [InlineData(1, 0, "G major")]
    [InlineData(-1, 0, "F major")]
    [InlineData(7, 0, "C# major")]
    [InlineData(-7, 0, "Cb major")]
    [InlineData(0, 1, "A minor")]
    [InlineData(1, 1, "E minor")]
    [InlineData(-3, 1, "C minor")]
    [InlineData(8, 0, "invalid key signature (8 sharps, mode 0)")]
    public void Key_signature_names(int sharps, int mode, string name) => Assert.Equal(name, KeySignatureNames.Name(sharps, mode));

    [Fact]
    public void Format_2_tracks_have_their_own_tempo_maps()
    {
        // Track 0 at 60 bpm, track 1 at the default 120 bpm: the same tick lasts twice as long in track 0.
        var file = new MidiFile(2, TimeDivision.Ppq(100), [
            new MidiTrack([Tempo(0, 1_000_000), MidiEvent.ChannelEvent(200, MidiEventType.NoteOn, 0, 60, 1)]),
            new MidiTrack([MidiEvent.ChannelEvent(200, MidiEventType.NoteOn, 1, 60, 1)]),
        ]);
        var summary = MidiFileSummary.Of(file);
        Assert.Equal([(0L, 60.0, (int?)0), (0L, 120.0, (int?)1)], summary.TempoMap.Select(t => (t.Tick, t.Bpm, t.Track)));
        Assert.Equal(2.0, summary.DurationSeconds, 12);
        Assert.Equal(new Dictionary<int, long> { [1] = 1, [2] = 1 }, summary.NoteOnsPerChannel);
    }

    [Fact]
    public void Format_1_tempo_on_any_track_times_every_track_and_smpte_is_named()
    {
        var ppq = MidiFileSummary.Of(new MidiFile(1, TimeDivision.Ppq(100), [
            new MidiTrack([MidiEvent.ChannelEvent(300, MidiEventType.NoteOn, 9, 36, 1)]),
            new MidiTrack([Tempo(100, 250_000)]),
        ]));
        Assert.Equal(0.5 + 0.5, ppq.DurationSeconds, 12); // 1 beat at 120 bpm, then 2 at 240 bpm
        Assert.Equal(1, ppq.NoteOnsPerChannel[10]);

        var smpte = MidiFileSummary.Of(new MidiFile(0, TimeDivision.Smpte(25, 40), [new MidiTrack([MidiEvent.ChannelEvent(1000, MidiEventType.NoteOn, 0, 60, 1)])]));
        Assert.Equal("SMPTE 25 fps, 40 ticks per frame", smpte.Division);
        Assert.Null(smpte.TicksPerQuarter);
        Assert.Equal(1.0, smpte.DurationSeconds, 12);
    }
}
