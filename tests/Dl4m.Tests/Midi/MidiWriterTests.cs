using Dl4m.Midi;

namespace Dl4m.Tests.Midi;

/// <summary>read(write(x)) == x for every kind of event; the writer refuses what a file cannot hold; files appear whole or not at all.</summary>
public class MidiWriterTests
{
    private static readonly byte[] MetaTypes =
    [
        MetaType.SequenceNumber, MetaType.Text, MetaType.Copyright, MetaType.TrackName, MetaType.InstrumentName,
        MetaType.Lyric, MetaType.Marker, MetaType.CuePoint, MetaType.ChannelPrefix, MetaType.Port, MetaType.SetTempo,
        MetaType.SmpteOffset, MetaType.TimeSignature, MetaType.KeySignature, MetaType.SequencerSpecific, 0x60,
    ];

    private static MidiEvent EndOfTrack(long tick) => MidiEvent.MetaEvent(tick, MetaType.EndOfTrack, []);

    /// <summary>A file holding every channel event type on every channel, sysex in both forms, every meta type, and deltas at each VLQ size boundary.</summary>
    private static MidiFile EveryKind(int format, TimeDivision division)
    {
        var conductor = new List<MidiEvent>();
        long tick = 0;
        foreach (byte meta in MetaTypes) // a plausible time signature (6/8): strict reading refuses absurd ones
            conductor.Add(MidiEvent.MetaEvent(tick += 7, meta, meta == MetaType.TimeSignature ? [6, 3, 24, 8] : [meta, 1, 2, 3]));
        conductor.Add(MidiEvent.MetaEvent(tick, MetaType.Text, new byte[300])); // payload length needing a 2-byte VLQ
        conductor.Add(new MidiEvent { Tick = tick, Type = MidiEventType.SysEx, Payload = [0x7E, 0x7F, 0x09, 0x01, 0xF7] });
        conductor.Add(new MidiEvent { Tick = tick + 1, Type = MidiEventType.SysExEscape, Payload = [0xF3, 0x01] });
        conductor.Add(new MidiEvent { Tick = tick + 2, Type = MidiEventType.SysEx, Payload = [] });
        conductor.Add(EndOfTrack(tick + 2));

        var notes = new List<MidiEvent>();
        tick = 0;
        long[] deltas = [0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 0x0FFF_FFFF];
        int i = 0;
        for (int channel = 0; channel < 16; channel++)
        {
            for (var type = MidiEventType.NoteOff; type <= MidiEventType.PitchBend; type++)
            {
                bool oneByte = type is MidiEventType.ProgramChange or MidiEventType.ChannelPressure;
                tick += deltas[i++ % deltas.Length];
                notes.Add(MidiEvent.ChannelEvent(tick, type, channel, (channel * 7 + (int)type) & 0x7F, oneByte ? 0 : 127 - channel));
                notes.Add(MidiEvent.ChannelEvent(tick, type, channel, 0, oneByte ? 0 : 127)); // same status: running status applies
            }
        }
        notes.Add(MidiEvent.ChannelEvent(tick, MidiEventType.NoteOn, 3, 60, 0)); // velocity 0 stays a NoteOn
        notes.Add(EndOfTrack(tick));
        var tracks = format == 0 ? [new MidiTrack([.. conductor.SkipLast(1), .. notes.Select(e => e with { Tick = e.Tick + conductor[^1].Tick })])]
            : new List<MidiTrack> { new(conductor), new(notes) };
        return new MidiFile(format, division, tracks);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(0, true)]
    public void Read_of_write_is_identity_for_every_event_kind(int format, bool runningStatus)
    {
        var file = EveryKind(format, TimeDivision.Ppq(480));
        var bytes = MidiWriter.Write(file, runningStatus);
        var back = MidiReader.Read(bytes, MidiReadSettings.Strict);
        MidiAssert.Equal(file, back);
        Assert.Empty(back.Warnings);
    }

    [Fact]
    public void Running_status_makes_smaller_files()
    {
        var file = EveryKind(1, TimeDivision.Ppq(96));
        Assert.True(MidiWriter.Write(file, runningStatus: true).Length < MidiWriter.Write(file, runningStatus: false).Length);
    }

    [Fact]
    public void Smpte_division_round_trips()
    {
        var file = EveryKind(1, TimeDivision.Smpte(29, 80));
        MidiAssert.Equal(file, MidiReader.Read(MidiWriter.Write(file), MidiReadSettings.Strict));
    }

    [Fact]
    public void End_of_track_is_added_when_missing()
    {
        var file = new MidiFile(1, TimeDivision.Ppq(96), [new MidiTrack([MidiEvent.ChannelEvent(10, MidiEventType.NoteOn, 0, 60, 90)])]);
        var back = MidiReader.Read(MidiWriter.Write(file), MidiReadSettings.Strict);
        Assert.Equal([MidiEvent.ChannelEvent(10, MidiEventType.NoteOn, 0, 60, 90), EndOfTrack(10)], back.Tracks[0].Events);
    }

    [Fact]
    public void Writes_the_expected_bytes()
    {
        var file = new MidiFile(1, TimeDivision.Ppq(96), [new MidiTrack([
            MidiEvent.ChannelEvent(0, MidiEventType.NoteOn, 0, 60, 100),
            MidiEvent.ChannelEvent(128, MidiEventType.NoteOn, 0, 60, 0),
        ])]);
        byte[] expected = Smf.File(1, 96, Smf.Body(0x00, 0x90, 60, 100, 0x81, 0x00, 60, 0));
        Assert.Equal(expected, MidiWriter.Write(file));
    }

    [Fact]
    public void Refuses_what_a_file_cannot_hold()
    {
        MidiFile One(params MidiEvent[] events) => new(1, TimeDivision.Ppq(96), [new MidiTrack([.. events])]);
        var cases = new[]
        {
            One(MidiEvent.ChannelEvent(10, MidiEventType.NoteOn, 0, 60, 1), MidiEvent.ChannelEvent(5, MidiEventType.NoteOn, 0, 60, 1)),
            One(MidiEvent.ChannelEvent(0, MidiEventType.NoteOn, 0, 200, 1)),
            One(MidiEvent.ChannelEvent(0, MidiEventType.NoteOn, 16, 60, 1)),
            One(MidiEvent.ChannelEvent(1L << 28, MidiEventType.NoteOn, 0, 60, 1)),
            One(EndOfTrack(0), MidiEvent.ChannelEvent(1, MidiEventType.NoteOn, 0, 60, 1)),
            new MidiFile(0, TimeDivision.Ppq(96), [new MidiTrack(), new MidiTrack()]),
            new MidiFile(1, TimeDivision.Ppq(0), [new MidiTrack()]),
        };
        foreach (var file in cases)
        {
            var e = Assert.Throws<Dl4mException>(() => MidiWriter.Write(file));
            Assert.StartsWith("cannot write MIDI file: ", e.Message);
        }
    }

    [Fact]
    public void Write_file_replaces_the_target_whole_and_leaves_no_temporary_file()
    {
        string dir = Directory.CreateTempSubdirectory("dl4m-midi-").FullName;
        try
        {
            string path = Path.Combine(dir, "song.mid");
            File.WriteAllText(path, "old content");
            var file = EveryKind(1, TimeDivision.Ppq(480));
            MidiWriter.WriteFile(file, path);
            MidiAssert.Equal(file, MidiReader.ReadFile(path, MidiReadSettings.Strict));
            Assert.Equal(["song.mid"], Directory.GetFiles(dir).Select(Path.GetFileName));

            // A failed write (invalid file) leaves the old file as it was and no temporary file.
            var invalid = new MidiFile(0, TimeDivision.Ppq(96), [new MidiTrack(), new MidiTrack()]);
            Assert.Throws<Dl4mException>(() => MidiWriter.WriteFile(invalid, path));
            MidiAssert.Equal(file, MidiReader.ReadFile(path, MidiReadSettings.Strict));
            Assert.Single(Directory.GetFiles(dir));

            var missingFolder = Path.Combine(dir, "no", "such", "folder", "x.mid");
            var e = Assert.Throws<Dl4mException>(() => MidiWriter.WriteFile(file, missingFolder));
            Assert.StartsWith($"{missingFolder}: cannot write MIDI file:", e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [CorpusFact]
    public void Every_nottingham_file_round_trips()
    {
        foreach (string path in MidiFileFinder.FindPaths(Corpus.Nottingham()!))
        {
            var file = MidiReader.ReadFile(path, MidiReadSettings.Strict);
            MidiAssert.Equal(file, MidiReader.Read(MidiWriter.Write(file), MidiReadSettings.Strict));
        }
    }
}
