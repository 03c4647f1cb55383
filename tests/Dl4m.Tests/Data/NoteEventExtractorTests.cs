using Dl4m.Data;
using Dl4m.Midi;

namespace Dl4m.Tests.Data;

public class NoteEventExtractorTests
{
    private static MidiEvent On(long tick, int channel, int note, int velocity = 100) =>
        MidiEvent.ChannelEvent(tick, MidiEventType.NoteOn, channel, note, velocity);

    private static MidiEvent Off(long tick, int channel, int note) =>
        MidiEvent.ChannelEvent(tick, MidiEventType.NoteOff, channel, note, 64);

    private static MidiEvent Program(long tick, int channel, int program) =>
        MidiEvent.ChannelEvent(tick, MidiEventType.ProgramChange, channel, program);

    private static MidiEvent Tempo(long tick, int usPerQuarter) =>
        MidiEvent.MetaEvent(tick, MetaType.SetTempo, [(byte)(usPerQuarter >> 16), (byte)(usPerQuarter >> 8), (byte)usPerQuarter]);

    private static MidiEvent EndOfTrack(long tick) => MidiEvent.MetaEvent(tick, MetaType.EndOfTrack, []);

    private static MidiFile File(int format, params MidiEvent[][] tracks) =>
        new(format, TimeDivision.Ppq(480), tracks.Select(t => new MidiTrack([.. t])).ToList());

    [Fact]
    public void Single_track_gives_note_velocity_delta_seconds_duration_and_delta_beats()
    {
        // 120 bpm: 480 ticks = 0.5 s = 1 beat.
        var file = File(0, [On(0, 0, 60, 90), Off(480, 0, 60), On(960, 0, 64, 70), On(960, 0, 67, 71), Off(1200, 0, 64), Off(1440, 0, 67)]);
        var events = NoteEventExtractor.ExtractAll(file);

        Assert.Equal(3, events.Length);
        Assert.Equal((60f, 90f, 0f, 0.5f, 0f), Features(events[0])); // first event: Δ = 0
        Assert.Equal((64f, 70f, 1.0f, 0.25f, 2f), Features(events[1]));
        Assert.Equal((67f, 71f, 0f, 0.5f, 0f), Features(events[2])); // chord: Δ = 0
        Assert.All(events, e => Assert.Equal(0, e.Flags));
    }

    private static (float, float, float, float, float) Features(EventRecord e) =>
        (e.Note, e.Velocity, e.DeltaSeconds, e.DurationSeconds, e.DeltaBeats);

    [Fact]
    public void Format_1_tracks_are_merged_in_time_order_through_a_shared_tempo_map()
    {
        // Conductor: 60 bpm from tick 480 (beat 1). Melody on track 1, bass on track 2.
        var conductor = new[] { Tempo(0, 500_000), Tempo(480, 1_000_000) };
        var melody = new[] { On(0, 0, 72), Off(960, 0, 72) };
        var bass = new[] { On(480, 1, 36), Off(960, 1, 36) };
        var events = NoteEventExtractor.ExtractAll(File(1, conductor, melody, bass));

        Assert.Equal([72f, 36f], events.Select(e => e.Note));
        Assert.Equal(0.5f, events[1].DeltaSeconds, 6);  // beat 1 at 120 bpm
        Assert.Equal(1f, events[1].DeltaBeats, 6);
        Assert.Equal(1.5f, events[0].DurationSeconds, 6); // 0.5 s + one beat at 60 bpm
        Assert.Equal(1.0f, events[1].DurationSeconds, 6);
        Assert.Equal(1, events[1].Channel);
    }

    [Fact]
    public void Equal_ticks_keep_track_order()
    {
        var events = NoteEventExtractor.ExtractAll(File(1, [On(0, 0, 50)], [On(0, 1, 40)], [On(0, 2, 45)]));
        Assert.Equal([50f, 40f, 45f], events.Select(e => e.Note));
    }

    [Fact]
    public void Drums_are_dropped_by_default_but_counted_as_note_ons()
    {
        var file = File(0, [On(0, 9, 36), On(0, 0, 60), On(480, 9, 38), On(960, 0, 62)]);
        var extractor = new NoteEventExtractor(includeDrums: false);
        extractor.Extract(file);
        Assert.Equal(4, extractor.NoteOns);
        Assert.Equal([60f, 62f], extractor.Events.ToArray().Select(e => e.Note));
        Assert.Equal(1f, extractor.Events[1].DeltaSeconds, 6); // measured from the previous KEPT note-on

        var withDrums = NoteEventExtractor.ExtractAll(file, includeDrums: true);
        Assert.Equal([36f, 60f, 38f, 62f], withDrums.Select(e => e.Note));
        Assert.Equal(9, withDrums[0].Channel);
    }

    [Fact]
    public void Velocity_zero_note_on_is_a_note_off_and_is_not_counted()
    {
        var extractor = new NoteEventExtractor(false);
        extractor.Extract(File(0, [On(0, 0, 60), On(240, 0, 60, 0)]));
        Assert.Equal(1, extractor.NoteOns);
        Assert.Equal(0.25f, extractor.Events[0].DurationSeconds, 6);
    }

    [Fact]
    public void Repeated_pitch_is_closed_first_in_first_out_per_channel()
    {
        // Two overlapping C4 on channel 0, one on channel 1: the first off on channel 0 closes the first on.
        var file = File(0, [On(0, 0, 60), On(480, 0, 60), On(480, 1, 60), Off(960, 0, 60), Off(1440, 0, 60), Off(1920, 1, 60)]);
        var events = NoteEventExtractor.ExtractAll(file);
        Assert.Equal(1.0f, events[0].DurationSeconds, 6);
        Assert.Equal(1.0f, events[1].DurationSeconds, 6);
        Assert.Equal(1.5f, events[2].DurationSeconds, 6);
    }

    [Fact]
    public void Note_never_closed_lasts_to_its_tracks_last_event_and_is_flagged()
    {
        // NotePairing's rule (MusPy's): the hanging E4 ends with its own track at tick 1920, not with the later track.
        var file = File(1, [On(0, 0, 60), Off(480, 0, 60), On(480, 0, 64), EndOfTrack(1920)], [EndOfTrack(2880)]);
        var events = NoteEventExtractor.ExtractAll(file);
        Assert.Equal(0, events[0].Flags);
        Assert.Equal(EventFlags.Unterminated, events[1].Flags);
        Assert.Equal(1.5f, events[1].DurationSeconds, 6);
        Assert.Equal(3f, events[1].DurationBeats, 6);
    }

    [Fact]
    public void A_note_off_ends_only_a_note_of_its_own_track()
    {
        // Two tracks double C4 on channel 0: track 2's short note must not end track 1's long one (nor the reverse).
        var file = File(1, [On(0, 0, 60), Off(960, 0, 60)], [On(0, 0, 60), Off(240, 0, 60)]);
        var events = NoteEventExtractor.ExtractAll(file);
        Assert.Equal(2, events.Length);
        Assert.Equal(1.0f, events[0].DurationSeconds, 6); // track 1 (merged first on the tie)
        Assert.Equal(0.25f, events[1].DurationSeconds, 6);
    }

    [Fact]
    public void Program_is_the_channels_current_program()
    {
        var file = File(0, [On(0, 0, 60), Program(480, 0, 40), On(480, 1, 61), On(480, 0, 62), Program(960, 1, 73), On(960, 1, 63)]);
        var events = NoteEventExtractor.ExtractAll(file);
        Assert.Equal([0, 0, 40, 73], events.Select(e => (int)e.Program));
    }

    [Fact]
    public void Format_2_tracks_play_one_after_the_other_with_their_own_tempo()
    {
        // Song A at 120 bpm ends at tick 960 (1 s); song B at 60 bpm starts there.
        var songA = new[] { On(0, 0, 60), Off(480, 0, 60), EndOfTrack(960) };
        var songB = new[] { Tempo(0, 1_000_000), On(0, 0, 62), Off(480, 0, 62) };
        var events = NoteEventExtractor.ExtractAll(File(2, songA, songB));

        Assert.Equal(2, events.Length);
        Assert.Equal(1.0f, events[1].DeltaSeconds, 6); // A's note at 0 s, B's at 1 s
        Assert.Equal(2.0f, events[1].DeltaBeats, 6);
        Assert.Equal(1.0f, events[1].DurationSeconds, 6); // one beat at 60 bpm
    }

    [Fact]
    public void Smpte_ticks_are_fixed_time_whatever_the_tempo()
    {
        // 25 fps × 40 ticks per frame = 1,000 ticks per second; tempo 60 bpm only sets the beat.
        var track = new MidiTrack([Tempo(0, 1_000_000), On(0, 0, 60), Off(500, 0, 60), On(2000, 0, 62)]);
        var events = NoteEventExtractor.ExtractAll(new MidiFile(0, TimeDivision.Smpte(25, 40), [track]));
        Assert.Equal(0.5f, events[0].DurationSeconds, 6);
        Assert.Equal(2.0f, events[1].DeltaSeconds, 6);
        Assert.Equal(2.0f, events[1].DeltaBeats, 6);
    }

    [Fact]
    public void Extractor_reuses_its_buffers_across_files()
    {
        var extractor = new NoteEventExtractor(false);
        var big = Enumerable.Range(0, 5000).Select(i => On(i * 10, 0, 40 + i % 40)).ToArray();
        Assert.Equal(5000, extractor.Extract(File(0, big)));
        Assert.Equal(1, extractor.Extract(File(0, [On(0, 0, 70)])));
        Assert.Equal(70f, extractor.Events[0].Note);
        Assert.Equal(1, extractor.NoteOns);
    }

    [Fact]
    public void Empty_file_gives_no_events()
    {
        var extractor = new NoteEventExtractor(false);
        Assert.Equal(0, extractor.Extract(new MidiFile(1, TimeDivision.Ppq(96), [])));
        Assert.Equal(0, extractor.NoteOns);
    }
}
