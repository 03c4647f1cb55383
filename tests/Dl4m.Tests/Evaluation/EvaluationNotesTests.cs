using Dl4m.Evaluation;
using Dl4m.Midi;

namespace Dl4m.Tests.Evaluation;

public sealed class EvaluationNotesTests
{
    [Fact]
    public void Overlapping_notes_of_one_pitch_pair_first_in_first_out()
    {
        var events = new List<MidiEvent>
        {
            MidiEvent.ChannelEvent(0, MidiEventType.NoteOn, 0, 60, 80),
            MidiEvent.ChannelEvent(100, MidiEventType.NoteOn, 0, 60, 70),
            MidiEvent.ChannelEvent(200, MidiEventType.NoteOn, 0, 60, 0), // velocity 0: a note-off
            MidiEvent.ChannelEvent(300, MidiEventType.NoteOff, 0, 60),
        };
        var song = EvaluationNotes.Extract(new MidiFile(0, TimeDivision.Ppq(100), [new MidiTrack(events)]));
        Assert.Equal([(0L, 200L, 80), (100L, 300L, 70)], song.Notes.Select(n => (n.OnsetTick, n.EndTick, n.Velocity)));
    }

    [Fact]
    public void A_note_never_switched_off_ends_at_the_end_of_its_track()
    {
        var events = new List<MidiEvent>
        {
            MidiEvent.ChannelEvent(10, MidiEventType.NoteOn, 0, 64, 80),
            MidiEvent.MetaEvent(500, MetaType.EndOfTrack, []),
        };
        var note = Assert.Single(EvaluationNotes.Extract(new MidiFile(0, TimeDivision.Ppq(100), [new MidiTrack(events)])).Notes);
        Assert.Equal(500, note.EndTick);
        Assert.Equal(4.9, note.DurationBeats, 12);
    }

    [Fact]
    public void Drums_are_counted_but_left_out_and_times_follow_the_tempo()
    {
        var file = SongFile.Of(new SongFile.Note(36, 0, 240, Channel: 9), new SongFile.Note(60, 480, 960));
        var song = EvaluationNotes.Extract(file);
        var note = Assert.Single(song.Notes);
        Assert.Equal(1, song.DrumNoteCount);
        Assert.Equal(1.0, note.OnsetBeats);
        Assert.Equal(0.5, note.OnsetSeconds, 12); // 120 bpm by default
        Assert.Equal(0.5, note.DurationSeconds, 12);
    }

    [Fact]
    public void Bars_follow_time_signature_changes()
    {
        // 3/4 from 0, 2/4 from beat 6 (after two bars), 4/4 default before anything.
        var bars = new BarGrid([(0, 3), (6, 2)]);
        Assert.Equal([0.0, 3, 6, 8, 10], bars.BarStarts(10));
        Assert.Equal(2, bars.BarLengthAt(7));
        Assert.Equal([0.0, 4, 8], BarGrid.Constant(4).BarStarts(8.5));
        var file = SongFile.Of([SongFile.Beats(60, 0, 1)], (0, 6, 8), (SongFile.Tpq * 6, 2, 2));
        var grid = EvaluationNotes.Extract(file).Bars;
        Assert.Equal([0.0, 3, 6, 10], grid.BarStarts(10)); // 6/8 is 3 beats; 2/2 is 4 beats
    }
}
