using Dl4m.Midi;

namespace Dl4m.Tests.Midi;

/// <summary>Bars from time signatures, on files given as bytes (96 ticks per quarter note unless said).</summary>
public class TimeSignatureMapTests
{
    // Δ as one VLQ byte (< 128) or two; FF 58 04 nn dd cc bb.
    private static byte[] Signature(int delta, int numerator, int power) => [.. Vlq(delta), 0xFF, 0x58, 0x04, (byte)numerator, (byte)power, 24, 8];

    private static byte[] Vlq(int value) => value < 128 ? [(byte)value] : [(byte)(0x80 | (value >> 7)), (byte)(value & 0x7F)];

    private static byte[] Note(int delta, int note) => [.. Vlq(delta), 0x90, (byte)note, 100];

    private static (double Position, double Length) At(TimeSignatureMap map, TempoMap tempo, long tick)
    {
        double position = map.BarPosition(tick, tempo.Beats(tick), out double length);
        return (position, length);
    }

    private static (TimeSignatureMap Map, TempoMap Tempo, MidiFile File) Read(byte[] bytes, MidiReadSettings? settings = null)
    {
        var file = MidiReader.Read(bytes, settings);
        var tempo = TempoMap.FromFile(file);
        return (TimeSignatureMap.FromFile(file, tempo), tempo, file);
    }

    [Fact]
    public void No_signature_is_4_4_from_the_start()
    {
        var (map, tempo, _) = Read(Smf.File(0, Smf.Body(Note(0, 60))));
        Assert.Equal((0.0, 4.0), At(map, tempo, 0));
        Assert.Equal((1.5, 4.0), At(map, tempo, 96 * 5 + 48)); // beat 5.5: bar 2, 1.5 beats in
        var only = Assert.Single(map.Segments);
        Assert.Equal("4/4", only.Text);
    }

    [Fact]
    public void A_change_in_the_middle_of_a_bar_starts_a_new_bar_there()
    {
        // 3/4 at 0; 6/8 at beat 4, one beat into the second 3/4 bar: bars of 3 quarter beats from beat 4.
        var (map, tempo, _) = Read(Smf.File(0, Smf.Body([.. Signature(0, 3, 2), .. Signature(96 * 4, 6, 3), .. Note(0, 60)])));
        Assert.Equal(2, map.Segments.Count);
        Assert.Equal(96 * 4, map.Segments[1].Tick);
        Assert.Equal(4.0, map.Segments[1].StartBeats);
        Assert.Equal((2.0, 3.0), At(map, tempo, 96 * 2));     // first 3/4 bar, third beat
        Assert.Equal((0.0, 3.0), At(map, tempo, 96 * 4));     // the cut-short bar ended: 6/8 starts a bar here
        Assert.Equal((1.0, 3.0), At(map, tempo, 96 * 8));     // 4 beats on: 1 beat into the second 6/8 bar
        Assert.Equal(3.0, map.BarLengthAt(96 * 4));
    }

    [Fact]
    public void Positions_are_exact_for_odd_meters_and_resolutions()
    {
        // 7/8 at 1024 ticks per quarter: bars of 3.5 beats = 3584 ticks; a tick a third of a beat into bar 3.
        var file = Smf.File(0, 1024, Smf.Body([.. Signature(0, 7, 3), .. Note(0, 60)]));
        var (map, tempo, _) = Read(file);
        long tick = 2 * 3584 + 341;
        Assert.Equal(341 / 1024.0, At(map, tempo, tick).Position, 12);
        Assert.Equal(0.0, At(map, tempo, 3 * 3584).Position);
    }

    [Fact]
    public void Format_1_signatures_on_any_track_apply_to_all_and_the_last_at_a_tick_wins()
    {
        var conductor = Smf.Body([.. Signature(0, 2, 2), .. Signature(0, 3, 2)]);
        var melody = Smf.Body(Note(0, 60));
        var (map, tempo, _) = Read(Smf.File(1, conductor, melody));
        Assert.Equal("3/4", Assert.Single(map.Segments).Text);
        Assert.Equal((0.0, 3.0), At(map, tempo, 96 * 3));
    }

    [Fact]
    public void Format_2_tracks_have_their_own_signatures()
    {
        var file = MidiReader.Read(Smf.File(2, Smf.Body([.. Signature(0, 3, 2), .. Note(0, 60)]), Smf.Body(Note(0, 62))));
        var first = TimeSignatureMap.ForTrack(file, 0, TempoMap.ForTrack(file, 0));
        var second = TimeSignatureMap.ForTrack(file, 1, TempoMap.ForTrack(file, 1));
        Assert.Equal(3.0, first.BarLengthAt(0));
        Assert.Equal(4.0, second.BarLengthAt(0));
    }

    [Fact]
    public void Under_smpte_division_bars_follow_the_tempo_maps_beats()
    {
        // 25 fps × 40 ticks = 1000 ticks per second; tempo 60 bpm (1 s per beat); 3/4.
        byte[] tempo = [0x00, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40];
        var bytes = Smf.File(0, 0xE728, Smf.Body([.. tempo, .. Signature(0, 3, 2), .. Note(0, 60)])); // E7 = -25
        var (map, tempoMap, file) = Read(bytes);
        Assert.True(file.Division.IsSmpte);
        Assert.Equal((0.5, 3.0), At(map, tempoMap, 3500)); // 3.5 s = beat 3.5 = 0.5 into bar 2
        Assert.Equal(0.0, At(map, tempoMap, 6000).Position, 9);
    }

    [Theory]
    [InlineData(0, 2, "numerator 0")]        // 0/4
    [InlineData(4, 7, "beyond 64")]          // 4/128
    [InlineData(17, 2, "17 quarter notes")]  // 17/4: bars longer than 16 quarters
    [InlineData(255, 0, "1020 quarter notes")]
    public void An_absurd_signature_reads_as_4_4_with_a_warning_and_fails_strict_reading(int numerator, int power, string reason)
    {
        // 3/4 first, then the absurd one at beat 3: from there on 4/4.
        byte[] body = Smf.Body([.. Signature(0, 3, 2), .. Vlq(96 * 3), 0xFF, 0x58, 0x04, (byte)numerator, (byte)power, 24, 8, .. Note(0, 60)]);
        var bytes = Smf.File(0, body);
        var (map, tempo, file) = Read(bytes);
        var warning = Assert.Single(file.Warnings);
        Assert.Equal(MidiErrorKind.BadTimeSignature, warning.Kind);
        Assert.Contains(reason, warning.Reason);
        Assert.Contains("read as 4/4", warning.Reason);
        int offset = 14 + 8 + 8 + 2; // header, MTrk header, first signature (8 bytes), Δ of 2 bytes: the FF byte
        Assert.Equal(0xFF, bytes[offset]);
        Assert.Equal(offset, warning.Offset);
        Assert.Equal("4/4", map.Segments[^1].Text);
        Assert.Equal((2.0, 4.0), At(map, tempo, 96 * 5));

        var strict = Assert.Throws<MidiReadException>(() => MidiReader.Read(bytes, MidiReadSettings.Strict));
        Assert.Equal(MidiErrorKind.BadTimeSignature, strict.Kind);
        Assert.Equal(offset, strict.Offset);
        Assert.Contains($"byte {offset}:", strict.Message);
    }

    [Fact]
    public void A_signature_with_one_data_byte_reads_as_4_4_with_a_warning()
    {
        var (map, _, file) = Read(Smf.File(0, Smf.Body([0x00, 0xFF, 0x58, 0x01, 0x03, .. Note(0, 60)])));
        Assert.Equal(MidiErrorKind.BadTimeSignature, Assert.Single(file.Warnings).Kind);
        Assert.Equal(4.0, map.BarLengthAt(0));
    }

    [Fact]
    public void Sixteen_quarter_bars_are_still_taken()
    {
        var (map, _, file) = Read(Smf.File(0, Smf.Body([.. Signature(0, 32, 3), .. Note(0, 60)]))); // 32/8
        Assert.Empty(file.Warnings);
        Assert.Equal(16.0, map.BarLengthAt(0));
    }
}
