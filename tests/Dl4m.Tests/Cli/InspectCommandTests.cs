using System.CommandLine;
using System.Text.Json;
using Dl4m.Cli;
using Dl4m.Cli.Commands;
using Dl4m.Midi;
using Dl4m.Tests.Midi;

namespace Dl4m.Tests.Cli;

public class InspectCommandTests
{
    private static MidiEvent Meta(long tick, byte type, params byte[] payload) => MidiEvent.MetaEvent(tick, type, payload);

    [Fact]
    public void Json_shows_header_tracks_tempo_map_signatures_channels_and_duration()
    {
        // 480 PPQ; 120 bpm, then 60 bpm from beat 4; 6/8 in E minor; notes on channels 1 and 10 (drums).
        var conductor = new MidiTrack([
            Meta(0, MetaType.TrackName, "Conductor"u8.ToArray()),
            Meta(0, MetaType.SetTempo, 0x07, 0xA1, 0x20),
            Meta(0, MetaType.TimeSignature, 6, 3, 24, 8),
            Meta(0, MetaType.KeySignature, 1, 1),
            Meta(1920, MetaType.SetTempo, 0x0F, 0x42, 0x40),
            Meta(1920, MetaType.EndOfTrack),
        ]);
        var notes = new MidiTrack([
            MidiEvent.ChannelEvent(0, MidiEventType.NoteOn, 0, 64, 90),
            MidiEvent.ChannelEvent(0, MidiEventType.NoteOn, 9, 36, 100),
            MidiEvent.ChannelEvent(480, MidiEventType.NoteOn, 0, 64, 0),
            MidiEvent.ChannelEvent(2400, MidiEventType.NoteOn, 0, 67, 90),
            MidiEvent.ChannelEvent(2880, MidiEventType.NoteOff, 0, 67, 0),
            Meta(2880, MetaType.EndOfTrack),
        ]);
        string dir = Directory.CreateTempSubdirectory("dl4m-inspect-").FullName;
        try
        {
            string path = Path.Combine(dir, "song.mid");
            MidiWriter.WriteFile(new MidiFile(1, TimeDivision.Ppq(480), [conductor, notes]), path);
            var (code, output, _) = CommandRunner.Run("inspect", path, "--json");
            Assert.Equal(0, code);
            using var json = JsonDocument.Parse(output);
            var r = json.RootElement;
            Assert.Equal(1, r.GetProperty("format").GetInt32());
            Assert.Equal(2, r.GetProperty("tracks").GetInt32());
            Assert.Equal(480, r.GetProperty("ticks_per_quarter").GetInt32());
            Assert.Equal("Conductor", r.GetProperty("track_list")[0].GetProperty("name").GetString());
            Assert.Equal(3, r.GetProperty("track_list")[1].GetProperty("note_ons").GetInt32());
            var tempo = r.GetProperty("tempo_map");
            Assert.Equal(2, tempo.GetArrayLength());
            Assert.Equal(120.0, tempo[0].GetProperty("bpm").GetDouble());
            Assert.Equal(2.0, tempo[1].GetProperty("seconds").GetDouble()); // 4 beats at 120 bpm
            Assert.Equal(60.0, tempo[1].GetProperty("bpm").GetDouble());
            Assert.Equal("6/8", r.GetProperty("time_signatures")[0].GetProperty("text").GetString());
            Assert.Equal("E minor", r.GetProperty("key_signatures")[0].GetProperty("name").GetString());
            Assert.Equal(2, r.GetProperty("note_ons_per_channel").GetProperty("1").GetInt32());
            Assert.Equal(1, r.GetProperty("note_ons_per_channel").GetProperty("10").GetInt32());
            Assert.Equal(4.0, r.GetProperty("duration_seconds").GetDouble()); // 2 s, then 2 beats at 60 bpm
            Assert.Equal(0, r.GetProperty("warnings").GetArrayLength());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [CorpusFact]
    public void Json_on_a_corpus_file()
    {
        string path = Path.Combine(Corpus.Nottingham()!, "ashover1.mid");
        var (code, output, _) = CommandRunner.Run("inspect", path, "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var r = json.RootElement;
        Assert.Equal(2, r.GetProperty("tracks").GetInt32());
        Assert.Equal(1024, r.GetProperty("ticks_per_quarter").GetInt32());
        Assert.Equal(158, r.GetProperty("note_ons").GetInt32()); // mido's count (fixture)
        Assert.Equal("G major", r.GetProperty("key_signatures")[0].GetProperty("name").GetString());
        Assert.Equal("3/4", r.GetProperty("time_signatures")[0].GetProperty("text").GetString());
        Assert.Equal(47.5, r.GetProperty("duration_seconds").GetDouble());
    }

    [Fact]
    public void Text_output_lists_warnings_of_a_repaired_file()
    {
        string dir = Directory.CreateTempSubdirectory("dl4m-inspect-").FullName;
        try
        {
            string path = Path.Combine(dir, "cut.mid");
            File.WriteAllBytes(path, Smf.File(0, [0x00, 0x90, 60, 100, 0x10, 0x80, 60, 0])); // no end-of-track
            var (code, output, _) = CommandRunner.Run("inspect", path);
            Assert.Equal(0, code);
            Assert.Contains("format 0, 1 track, 96 ticks per quarter note", output);
            Assert.Contains("warnings (1, lenient reading repaired the file):", output);
            Assert.Contains("at byte 30: track 0 ends without an end-of-track event (missing end of track)", output);

            string line = CommandRunner.AssertOneLineError(CommandRunner.Run("inspect", path, "--strict"), "");
            Assert.Equal($"dl4m: error: {path}: byte 30: track 0 ends without an end-of-track event (missing end of track)", line);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_file_that_is_not_midi_or_is_missing_is_one_error_line_and_exit_1()
    {
        string dir = Directory.CreateTempSubdirectory("dl4m-inspect-").FullName;
        try
        {
            string path = Path.Combine(dir, "readme.mid");
            File.WriteAllText(path, "# not MIDI\n");
            string line = CommandRunner.AssertOneLineError(CommandRunner.Run("inspect", path, "--json"), "");
            Assert.Equal($"dl4m: error: {path}: byte 0: no MThd header (not a MIDI file)", line);

            CommandRunner.AssertOneLineError(CommandRunner.Run("inspect", path), "no MThd header");
            CommandRunner.AssertOneLineError(CommandRunner.Run("inspect", Path.Combine(dir, "missing.mid")), "missing.mid");
            CommandRunner.AssertOneLineError(CommandRunner.Run("inspect", dir), "neither a MIDI file nor a dataset folder");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
