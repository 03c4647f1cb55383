using Dl4m.Data;
using Dl4m.Evaluation;
using Dl4m.Midi;
using Dl4m.Music;
using Dl4m.Tests.Midi;

namespace Dl4m.Tests.Music;

/// <summary>The one note-pairing rule, on files given as bytes (96 ticks per quarter), and its two users agreeing on it.</summary>
public sealed class NotePairingTests
{
    private static byte[] Vlq(long value)
    {
        var bytes = new List<byte> { (byte)(value & 0x7F) };
        for (value >>= 7; value > 0; value >>= 7) bytes.Insert(0, (byte)(0x80 | (value & 0x7F)));
        return [.. bytes];
    }

    private static byte[] On(long delta, int note, int channel = 0, int velocity = 100) => [.. Vlq(delta), (byte)(0x90 | channel), (byte)note, (byte)velocity];
    private static byte[] Off(long delta, int note, int channel = 0) => [.. Vlq(delta), (byte)(0x80 | channel), (byte)note, 64];

    /// <summary>A track body ending (end-of-track) <paramref name="tail"/> ticks after its last event.</summary>
    private static byte[] Body(long tail, params byte[][] events) => [.. events.SelectMany(e => e), .. Vlq(tail), 0xFF, 0x2F, 0x00];

    private static MidiFile Read(byte[] bytes) => MidiReader.Read(bytes, MidiReadSettings.Strict);

    /// <summary>(pitch, on tick, end tick, hanging) of every note of track <paramref name="track"/>, in note-on order.</summary>
    private static List<(int Pitch, long On, long End, bool Hanging)> Pair(MidiFile file, int track = 0)
    {
        var events = file.Tracks[track].Events.ToArray();
        var ends = NotePairing.Pair(events);
        return [.. events.Select((e, i) => (e, i)).Where(x => x.e.IsNoteOn).Select(x => ((int)x.e.Data1, x.e.Tick, ends[x.i].Tick, ends[x.i].Hanging))];
    }

    [Fact]
    public void A_note_off_or_a_velocity_0_note_on_ends_a_note()
    {
        // the second off is a note-on with velocity 0 in running status (status byte left out)
        var file = Read(Smf.File(0, Body(0, On(0, 60), Off(96, 60), On(0, 62), [.. Vlq(96), 62, 0])));
        Assert.Equal([(60, 0L, 96L, false), (62, 96L, 192L, false)], Pair(file));
    }

    [Fact]
    public void Overlapping_notes_of_one_pitch_end_first_in_first_out()
    {
        // on–on–off–off: the first off ends the first note, the second off the second (pretty_midi would end both at 192)
        var file = Read(Smf.File(0, Body(0, On(0, 60, velocity: 90), On(96, 60, velocity: 50), Off(96, 60), Off(96, 60))));
        Assert.Equal([(60, 0L, 192L, false), (60, 96L, 288L, false)], Pair(file));
    }

    [Fact]
    public void A_restrike_written_before_the_previous_off_at_the_same_tick_keeps_the_new_note()
    {
        // at tick 96 the new C4 comes before the old one's off: first in, first out ends the old note there
        var onFirst = Read(Smf.File(0, Body(0, On(0, 60), On(96, 60), Off(0, 60), Off(96, 60))));
        var offFirst = Read(Smf.File(0, Body(0, On(0, 60), Off(96, 60), On(0, 60), Off(96, 60))));
        Assert.Equal([(60, 0L, 96L, false), (60, 96L, 192L, false)], Pair(onFirst));
        Assert.Equal(Pair(offFirst), Pair(onFirst));
    }

    [Fact]
    public void Channels_and_pitches_pair_apart()
    {
        var file = Read(Smf.File(0, Body(0, On(0, 60, channel: 0), On(0, 60, channel: 1), On(0, 64), Off(96, 60, channel: 1), Off(96, 64), Off(96, 60))));
        Assert.Equal([(60, 0L, 288L, false), (60, 0L, 96L, false), (64, 0L, 192L, false)], Pair(file));
    }

    [Fact]
    public void An_off_without_an_open_note_is_ignored()
    {
        var file = Read(Smf.File(0, Body(0, Off(0, 60), On(96, 60), Off(96, 60), Off(96, 60))));
        Assert.Equal([(60, 96L, 192L, false)], Pair(file));
    }

    [Fact]
    public void A_hanging_note_ends_at_its_tracks_end_and_is_marked()
    {
        var file = Read(Smf.File(0, Body(384, On(0, 60), On(0, 64), Off(96, 64))));
        Assert.Equal([(60, 0L, 480L, true), (64, 0L, 96L, false)], Pair(file));
        var events = file.Tracks[0].Events.ToArray();
        Assert.Equal(1, new NotePairing().PairTrack(events, new NoteEnd[events.Length]));
    }

    [Fact]
    public void Pairing_is_per_track_and_starts_afresh_for_each()
    {
        // track 1 leaves C4 open; track 2's off for C4 must not end it, and one instance pairs both tracks
        var file = Read(Smf.File(1, Body(96, On(0, 60)), Body(0, Off(48, 60), On(0, 62), Off(48, 62))));
        var pairing = new NotePairing();
        var first = file.Tracks[0].Events.ToArray();
        var second = file.Tracks[1].Events.ToArray();
        var firstEnds = new NoteEnd[first.Length];
        var secondEnds = new NoteEnd[second.Length];
        Assert.Equal(1, pairing.PairTrack(first, firstEnds));
        Assert.Equal(0, pairing.PairTrack(second, secondEnds));
        Assert.Equal(new NoteEnd(96, Hanging: true), firstEnds[0]);
        Assert.Equal(new NoteEnd(96, Hanging: false), secondEnds[Array.FindIndex(second, e => e.IsNoteOn)]);
    }

    [Fact]
    public void An_end_before_its_start_in_an_unsorted_track_is_moved_to_the_start()
    {
        // only a track built out of time order can do this (the reader never yields one)
        MidiEvent[] events =
        [
            MidiEvent.ChannelEvent(100, MidiEventType.NoteOn, 0, 60, 80),
            MidiEvent.ChannelEvent(50, MidiEventType.NoteOff, 0, 60),
        ];
        Assert.Equal(new NoteEnd(100, Hanging: false), NotePairing.Pair(events)[0]);
    }

    [Fact]
    public void Ends_shorter_than_the_track_are_refused()
    {
        var events = new[] { MidiEvent.ChannelEvent(0, MidiEventType.NoteOn, 0, 60, 80) };
        Assert.Throws<ArgumentException>(() => new NotePairing().PairTrack(events, []));
    }

    [Fact]
    public void Dataset_events_and_metric_notes_agree_on_every_note()
    {
        // every edge case at once, over two tracks that double C4 on one channel: the dataset (NoteEventExtractor) and
        // the metrics (EvaluationNotes) must give the same notes with the same lengths
        var file = Read(Smf.File(1,
            Body(96, On(0, 60, velocity: 90), On(96, 60, velocity: 70), Off(96, 60), Off(96, 60), On(0, 67), [.. Vlq(48), 67, 0], On(0, 72)),
            Body(0, Off(0, 64), On(24, 60, velocity: 40), Off(24, 60), On(0, 64, channel: 1), Off(480, 64, channel: 1))));
        var dataset = NoteEventExtractor.ExtractAll(file);
        var metrics = EvaluationNotes.Extract(file).Notes;

        var fromDataset = new List<(int, int, double, double)>();
        double onset = 0;
        foreach (var e in dataset)
        {
            onset += e.DeltaBeats;
            fromDataset.Add(((int)e.Note, (int)e.Velocity, Math.Round(onset, 6), Math.Round(e.DurationBeats, 6)));
        }
        var fromMetrics = metrics.Select(n => (n.Pitch, n.Velocity, Math.Round(n.OnsetBeats, 6), Math.Round(n.DurationBeats, 6)));
        Assert.Equal(6, dataset.Length);
        Assert.Equal(fromDataset.Order(), fromMetrics.Order());
        Assert.Equal(1, dataset.Count(e => e.Flags == EventFlags.Unterminated)); // the C5 left open at the end of track 1
    }
}
