using Dl4m.Data;
using Dl4m.Midi;

namespace Dl4m.Tests.Data;

/// <summary>A salvaged file says in songs.json what was repaired, where (byte offset) and of which kind.</summary>
public sealed class SalvageReasonTests
{
    [Fact]
    public void The_reason_names_the_first_repair_its_offset_and_kind_and_counts_the_rest()
    {
        var warnings = new List<MidiWarning>
        {
            new(18, "track 0 declares 703 bytes but only 678 remain") { Kind = MidiErrorKind.TruncatedChunk },
            new(40, "running status without a previous status byte"),
        };
        Assert.Equal("at byte 18: track 0 declares 703 bytes but only 678 remain (TruncatedChunk) (+1 more)", FileProcessor.SalvageReason(warnings));
    }

    [Fact]
    public void A_truncated_real_file_is_kept_as_salvaged_with_its_reason()
    {
        using var tmp = new TempFolder();
        var bytes = MidiWriter.Write(SongMidiBytes());
        tmp.Write("in/cut.mid", bytes[..^6]); // cut inside the last track
        new DatasetBuilder(new DatasetBuildOptions { Threads = 1, Split = new SplitRatios(100, 0, 0) }).Build(tmp.Combine("in"), tmp.Combine("data"));
        using var dataset = Dataset.Open(tmp.Combine("data"));
        var song = Assert.Single(dataset.Songs);
        Assert.True(song.Salvaged);
        Assert.StartsWith("at byte ", song.SalvageReason);
        Assert.Contains("(Truncated", song.SalvageReason);
    }

    private static MidiFile SongMidiBytes() => Dl4m.Generation.SongMidi.Create(
        [new(60, 90, 0, 0.5), new(62, 90, 0.5, 0.5), new(64, 90, 1.0, 0.5), new(65, 90, 1.5, 0.5)], 120, 0);
}
