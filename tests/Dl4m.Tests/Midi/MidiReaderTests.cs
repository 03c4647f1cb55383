using Dl4m.Midi;

namespace Dl4m.Tests.Midi;

/// <summary>Well-formed files: every feature of the format lands in the object model as written.</summary>
public class MidiReaderTests
{
    private static MidiFile ReadStrict(byte[] bytes) => MidiReader.Read(bytes, MidiReadSettings.Strict);

    [Fact]
    public void Reads_channel_events_with_absolute_ticks_and_running_status()
    {
        // note on C4, then (running status) E4 60 ticks later, then a note-off and a note-on with velocity 0.
        var bytes = Smf.File(0, Smf.Body(
            0x00, 0x90, 60, 100,
            0x3C, 64, 90,
            0x81, 0x00, 0x80, 60, 0,
            0x10, 0x90, 64, 0));
        var file = ReadStrict(bytes);

        Assert.Equal(0, file.Format);
        Assert.Equal(96, file.Division.TicksPerQuarter);
        Assert.Empty(file.Warnings);
        var events = Assert.Single(file.Tracks).Events;
        Assert.Equal(5, events.Count);
        Assert.Equal(MidiEvent.ChannelEvent(0, MidiEventType.NoteOn, 0, 60, 100), events[0]);
        Assert.Equal(MidiEvent.ChannelEvent(60, MidiEventType.NoteOn, 0, 64, 90), events[1]);
        Assert.Equal(MidiEvent.ChannelEvent(188, MidiEventType.NoteOff, 0, 60, 0), events[2]);
        Assert.Equal(MidiEvent.ChannelEvent(204, MidiEventType.NoteOn, 0, 64, 0), events[3]);
        Assert.True(events[3].IsNoteOff);
        Assert.False(events[3].IsNoteOn);
        Assert.Equal(MetaType.EndOfTrack, events[4].MetaType);
        Assert.Equal(204, events[4].Tick);
    }

    [Fact]
    public void Reads_every_channel_event_kind_on_any_channel()
    {
        var file = ReadStrict(Smf.File(0, Smf.Body(
            0x00, 0x85, 1, 2,      // note off, channel 5
            0x00, 0x91, 3, 4,      // note on, channel 1
            0x00, 0xA2, 5, 6,      // poly pressure
            0x00, 0xB3, 7, 8,      // control change
            0x00, 0xC4, 9,         // program change (one data byte)
            0x00, 10,              // program change again by running status
            0x00, 0xD9, 11,        // channel pressure, channel 9 (drums)
            0x00, 0xEF, 12, 13))); // pitch bend, channel 15
        var e = file.Tracks[0].Events;
        Assert.Equal(MidiEvent.ChannelEvent(0, MidiEventType.NoteOff, 5, 1, 2), e[0]);
        Assert.Equal(MidiEvent.ChannelEvent(0, MidiEventType.NoteOn, 1, 3, 4), e[1]);
        Assert.Equal(MidiEvent.ChannelEvent(0, MidiEventType.PolyPressure, 2, 5, 6), e[2]);
        Assert.Equal(MidiEvent.ChannelEvent(0, MidiEventType.ControlChange, 3, 7, 8), e[3]);
        Assert.Equal(MidiEvent.ChannelEvent(0, MidiEventType.ProgramChange, 4, 9), e[4]);
        Assert.Equal(MidiEvent.ChannelEvent(0, MidiEventType.ProgramChange, 4, 10), e[5]);
        Assert.Equal(MidiEvent.ChannelEvent(0, MidiEventType.ChannelPressure, 9, 11), e[6]);
        Assert.Equal(MidiEvent.ChannelEvent(0, MidiEventType.PitchBend, 15, 12, 13), e[7]);
    }

    [Fact]
    public void Reads_sysex_in_both_forms_and_meta_events_with_payloads()
    {
        var file = ReadStrict(Smf.File(1, Smf.Body(
            0x00, 0xFF, 0x03, 3, (byte)'A', (byte)'i', (byte)'r',   // track name
            0x00, 0xFF, 0x51, 3, 0x07, 0xA1, 0x20,                   // tempo 500,000 µs
            0x00, 0xFF, 0x58, 4, 6, 3, 24, 8,                        // 6/8
            0x00, 0xFF, 0x59, 2, 0xFF, 1,                            // 1 flat, minor: D minor
            0x00, 0xF0, 4, 0x7E, 0x7F, 0x09, 0xF7,                   // GM reset (F0 form, ends in F7)
            0x05, 0xF7, 2, 0x43, 0xF7,                               // escape / continuation (F7 form)
            0x00, 0xFF, 0x7F, 0)));                                   // sequencer specific, empty
        var e = file.Tracks[0].Events;
        Assert.Equal("Air"u8.ToArray(), e[0].Payload);
        Assert.Equal(MetaType.TrackName, e[0].MetaType);
        Assert.Equal(500_000, TempoMap.ReadTempo(e[1]));
        Assert.Equal(new byte[] { 6, 3, 24, 8 }, e[2].Payload);
        Assert.Equal(new byte[] { 0xFF, 1 }, e[3].Payload);
        Assert.Equal(MidiEventType.SysEx, e[4].Type);
        Assert.Equal(new byte[] { 0x7E, 0x7F, 0x09, 0xF7 }, e[4].Payload);
        Assert.Equal(MidiEventType.SysExEscape, e[5].Type);
        Assert.Equal(5, e[5].Tick);
        Assert.Equal(new byte[] { 0x43, 0xF7 }, e[5].Payload);
        Assert.Equal(MetaType.SequencerSpecific, e[6].MetaType);
        Assert.Empty(e[6].Payload!);
        Assert.Empty(file.Warnings);
    }

    [Fact]
    public void Reads_smpte_division()
    {
        // 0xE7 = -25 (25 fps), 40 ticks per frame: a tick is a millisecond.
        var file = ReadStrict(Smf.File(0, 0xE728, Smf.Body(0x00, 0x90, 60, 100)));
        Assert.True(file.Division.IsSmpte);
        Assert.Equal(25, file.Division.SmpteFramesPerSecond);
        Assert.Equal(40, file.Division.TicksPerFrame);
    }

    [Fact]
    public void Reads_format_2_and_format_1_with_several_tracks()
    {
        foreach (int format in new[] { 1, 2 })
        {
            var file = ReadStrict(Smf.File(format, Smf.Body(0x00, 0x90, 60, 100), Smf.Body(), Smf.Body(0x07, 0xC0, 5)));
            Assert.Equal(format, file.Format);
            Assert.Equal(3, file.Tracks.Count);
            Assert.Equal(7, file.Tracks[2].Events[0].Tick);
        }
    }

    [Fact]
    public void Reads_the_smf_inside_a_riff_rmid_wrapper()
    {
        var smf = Smf.File(0, Smf.Body(0x00, 0x90, 60, 100));
        var info = new byte[] { (byte)'L', (byte)'I', (byte)'S', (byte)'T', 3, 0, 0, 0, 1, 2, 3, 0 }; // odd size, padded
        var data = Smf.Concat("data"u8.ToArray(), BitConverter.GetBytes(smf.Length), smf);
        var riff = Smf.Concat("RIFF"u8.ToArray(), BitConverter.GetBytes(4 + info.Length + data.Length), "RMID"u8.ToArray(), info, data);
        var file = ReadStrict(riff);
        Assert.Equal(MidiEvent.ChannelEvent(0, MidiEventType.NoteOn, 0, 60, 100), file.Tracks[0].Events[0]);
    }

    [Fact]
    public void Longest_delta_time_that_fits_four_bytes_is_read()
    {
        var file = ReadStrict(Smf.File(0, Smf.Body(0xFF, 0xFF, 0xFF, 0x7F, 0x90, 60, 1, 0x81, 0x80, 0x00, 0x90, 61, 1)));
        Assert.Equal((1L << 28) - 1, file.Tracks[0].Events[0].Tick);
        Assert.Equal((1L << 28) - 1 + (1 << 14), file.Tracks[0].Events[1].Tick);
    }

    [Fact]
    public void Unknown_chunks_are_skipped_silently_even_in_strict_mode()
    {
        var bytes = Smf.Concat(Smf.Header(1, 1), "XFIH"u8.ToArray(), [0, 0, 0, 2, 9, 9], Smf.Track(Smf.Body(0x00, 0x90, 60, 1)));
        var file = ReadStrict(bytes);
        Assert.Single(file.Tracks);
        Assert.Empty(file.Warnings);
    }

    [Fact]
    public void Header_longer_than_six_bytes_is_honoured()
    {
        var header = Smf.Header(0, 1);
        header[7] = 8; // two extra header bytes follow
        var file = ReadStrict(Smf.Concat(header, [0, 0], Smf.Track(Smf.Body(0x00, 0x90, 60, 1))));
        Assert.Equal(2, file.Tracks[0].Events.Count);
    }

    [Fact]
    public void Midi_file_names_match_four_extensions_in_any_case()
    {
        Assert.True(MidiFileNames.IsMidi("a/b.MID"));
        Assert.True(MidiFileNames.IsMidi("b.midi"));
        Assert.True(MidiFileNames.IsMidi("b.Kar"));
        Assert.True(MidiFileNames.IsMidi("b.RMI"));
        Assert.False(MidiFileNames.IsMidi("b.mid.txt"));
        Assert.False(MidiFileNames.IsMidi("mid"));
    }
}
