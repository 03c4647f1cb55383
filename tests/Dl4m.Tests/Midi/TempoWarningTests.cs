using Dl4m.Cli.Commands;
using Dl4m.Data;
using Dl4m.Midi;
using Dl4m.Tests.Cli;

namespace Dl4m.Tests.Midi;

/// <summary>Implausible tempos on files given as bytes (96 ticks per quarter note): ignored, warned about, refused in strict mode.</summary>
public class TempoWarningTests
{
    private static byte[] Tempo(int delta, int usPerQuarter) =>
        [(byte)delta, 0xFF, 0x51, 0x03, (byte)(usPerQuarter >> 16), (byte)(usPerQuarter >> 8), (byte)usPerQuarter];

    // A note a beat long, then another a beat later: at 120 bpm the second starts at 0.5 s.
    private static readonly byte[] TwoNotes = [0x00, 0x90, 60, 100, 0x60, 0x80, 60, 64, 0x00, 0x90, 62, 100, 0x60, 0x80, 62, 64];

    private const int TempoOffset = 14 + 8 + 1; // header, MTrk header, the Δ byte: where FF is

    [Fact]
    public void Tempo_zero_is_ignored_with_a_warning_naming_its_offset_and_120_bpm_holds()
    {
        var bytes = Smf.File(0, Smf.Body([.. Tempo(0, 0), .. TwoNotes]));
        var file = MidiReader.Read(bytes);
        var warning = Assert.Single(file.Warnings);
        Assert.Equal(MidiErrorKind.BadTempo, warning.Kind);
        Assert.Equal(TempoOffset, warning.Offset);
        Assert.Contains("set-tempo of 0 microseconds", warning.Reason);
        Assert.Contains("120 bpm", warning.Reason);

        var map = TempoMap.FromFile(file);
        Assert.Equal(500_000, Assert.Single(map.Changes).MicrosecondsPerQuarter);
        var events = NoteEventExtractor.ExtractAll(file);
        Assert.Equal(0.5f, events[1].DeltaSeconds, 6); // not 0: the notes keep their time
        Assert.Equal(120f, events[1].Bpm);
    }

    [Fact]
    public void Tempo_zero_fails_strict_reading_with_its_byte_offset()
    {
        var bytes = Smf.File(0, Smf.Body([.. Tempo(0, 0), .. TwoNotes]));
        var e = Assert.Throws<MidiReadException>(() => MidiReader.Read(bytes, MidiReadSettings.Strict));
        Assert.Equal(MidiErrorKind.BadTempo, e.Kind);
        Assert.Equal(TempoOffset, e.Offset);
        Assert.StartsWith($"byte {TempoOffset}: track 0: set-tempo of 0 microseconds per quarter note", e.Message);
    }

    [Theory]
    [InlineData(59_999, "1000 bpm")]      // just above 1000 bpm
    [InlineData(1, "1000 bpm")]           // 60,000,000 bpm
    [InlineData(12_000_001, "5-1000")]    // just below 5 bpm
    [InlineData(0xFFFFFF, "3.58 bpm")]    // the slowest a file can say
    public void Absurd_tempos_are_ignored_and_the_previous_tempo_holds(int usPerQuarter, string reason)
    {
        // 60 bpm at 0, the absurd one at beat 1 with the second note: it starts at 1 s (60 bpm held).
        var bytes = Smf.File(0, Smf.Body([.. Tempo(0, 1_000_000), 0x00, 0x90, 60, 100, .. Tempo(0x60, usPerQuarter), 0x00, 0x80, 60, 64, 0x00, 0x90, 62, 100]));
        var file = MidiReader.Read(bytes);
        var warning = Assert.Single(file.Warnings);
        Assert.Equal(MidiErrorKind.BadTempo, warning.Kind);
        Assert.Contains(reason, warning.Reason);
        var events = NoteEventExtractor.ExtractAll(file);
        Assert.Equal(1.0f, events[1].DeltaSeconds, 6);
        Assert.Equal(60f, events[1].Bpm, 3);
        Assert.Equal(1_000_000, Assert.Single(TempoMap.FromFile(file).Changes).MicrosecondsPerQuarter);
        Assert.Throws<MidiReadException>(() => MidiReader.Read(bytes, MidiReadSettings.Strict));
    }

    [Theory]
    [InlineData(60_000)]      // 1000 bpm
    [InlineData(12_000_000)]  // 5 bpm
    public void Tempos_at_the_limits_are_taken(int usPerQuarter)
    {
        var file = MidiReader.Read(Smf.File(0, Smf.Body([.. Tempo(0, usPerQuarter), .. TwoNotes])), MidiReadSettings.Strict);
        Assert.Empty(file.Warnings);
        Assert.Equal(60e6 / usPerQuarter, NoteEventExtractor.ExtractAll(file)[0].Bpm, 3);
    }

    [Fact]
    public void A_tempo_with_two_data_bytes_is_ignored_with_a_warning()
    {
        var file = MidiReader.Read(Smf.File(0, Smf.Body([0x00, 0xFF, 0x51, 0x02, 0x07, 0xA1, .. TwoNotes])));
        Assert.Equal(MidiErrorKind.BadTempo, Assert.Single(file.Warnings).Kind);
        Assert.Equal(0.5f, NoteEventExtractor.ExtractAll(file)[1].DeltaSeconds, 6);
    }

    [Fact]
    public void Inspect_lists_the_warning_and_a_tempo_map_without_the_bad_tempo()
    {
        string dir = Directory.CreateTempSubdirectory("dl4m-tempo-").FullName;
        try
        {
            string path = Path.Combine(dir, "zero.mid");
            File.WriteAllBytes(path, Smf.File(0, Smf.Body([.. Tempo(0, 0), .. TwoNotes])));
            var (code, output, _) = CommandRunner.Run("inspect", path);
            Assert.Equal(0, code);
            Assert.Contains($"at byte {TempoOffset}: track 0: set-tempo of 0 microseconds per quarter note; ignored", output);
            Assert.Contains("120.00 bpm", output);
            Assert.Contains("duration 1.000 s", output); // 2 beats at 120 bpm
            CommandRunner.AssertOneLineError(CommandRunner.Run("inspect", path, "--strict"), $"byte {TempoOffset}:");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
