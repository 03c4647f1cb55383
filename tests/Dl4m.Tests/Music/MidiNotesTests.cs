using Dl4m.Midi;
using Dl4m.Music;

namespace Dl4m.Tests.Music;

public sealed class MidiNotesTests
{
    private static MidiEvent On(long tick, int note, int channel = 0) => MidiEvent.ChannelEvent(tick, MidiEventType.NoteOn, channel, note, 100);
    private static MidiEvent Off(long tick, int note, int channel = 0) => MidiEvent.ChannelEvent(tick, MidiEventType.NoteOff, channel, note);
    private static MidiEvent End(long tick) => MidiEvent.MetaEvent(tick, MetaType.EndOfTrack, []);

    private static MidiFile File(int format, params MidiEvent[][] tracks) =>
        new(format, TimeDivision.Ppq(480), tracks.Select(t => new MidiTrack([.. t])).ToList());

    [Fact]
    public void Notes_of_all_tracks_come_by_onset_ties_in_track_order_drums_included()
    {
        // 120 bpm: 480 ticks = 0.5 s; the drum note (channel 10) is drawn too
        var file = File(1, [On(480, 60), Off(960, 60)], [On(0, 36, channel: 9), On(480, 64), Off(1440, 64), Off(1440, 36, channel: 9)]);
        var notes = MidiNotes.Read(file);
        Assert.Equal([36, 60, 64], notes.Select(n => n.Pitch));
        Assert.Equal([0, 0.5, 0.5], notes.Select(n => n.StartSeconds));
        Assert.Equal([1.5, 0.5, 1.0], notes.Select(n => n.DurationSeconds));
    }

    [Fact]
    public void Format_2_tracks_play_one_after_the_other()
    {
        var file = File(2, [On(0, 60), Off(480, 60), End(960)], [On(0, 62), Off(480, 62)]);
        var notes = MidiNotes.Read(file);
        Assert.Equal([0, 1.0], notes.Select(n => n.StartSeconds)); // the second song starts where the first ends (tick 960 = 1 s)
        Assert.Equal([0.5, 0.5], notes.Select(n => n.DurationSeconds));
    }

    [Fact]
    public void A_hanging_note_lasts_to_its_tracks_end()
    {
        var note = Assert.Single(MidiNotes.Read(File(0, [On(0, 60), End(1920)])));
        Assert.Equal(2.0, note.DurationSeconds, 9);
    }
}
