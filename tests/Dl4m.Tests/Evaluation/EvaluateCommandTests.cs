using System.Text.Json;
using Dl4m.Midi;

namespace Dl4m.Tests.Evaluation;

/// <summary>`dl4m evaluate` run as a process (its own stdout and stderr), on files with nothing to measure.</summary>
public sealed class EvaluateCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dl4m-evaluate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Exit, string Out, string Err) Run(params string[] args) => ToolProcess.Run(args);

    private void WriteEdgeCases()
    {
        SongFile.Write(_folder, "empty.mid", new MidiFile(1, TimeDivision.Ppq(96), [new MidiTrack()]));
        SongFile.Write(_folder, "drums.mid", SongFile.Of(new SongFile.Note(36, 0, 100, Channel: 9)));
        SongFile.Write(_folder, "one-note.mid", SongFile.Of(SongFile.Beats(60, 0, 1)));
        File.WriteAllText(Path.Combine(_folder, "broken.MID"), "not midi");
    }

    [Fact]
    public void Json_output_has_null_for_na_and_never_nan()
    {
        WriteEdgeCases();
        var (exit, stdout, stderr) = Run("evaluate", _folder, "--json", "--reference", _folder, "--report", Path.Combine(_folder, "out", "report.md"));
        Assert.True(exit == 0, stderr);
        Assert.DoesNotContain("NaN", stdout);
        using var doc = JsonDocument.Parse(stdout);
        var set = doc.RootElement.GetProperty("set");
        Assert.Equal(4, set.GetProperty("files").GetInt32());
        Assert.Equal(1, set.GetProperty("unreadable").GetInt32());
        Assert.Equal(JsonValueKind.Null, set.GetProperty("metrics").GetProperty("groove_consistency").GetProperty("mean").ValueKind);
        var files = doc.RootElement.GetProperty("files").EnumerateArray().ToList();
        var drums = files.Single(f => f.GetProperty("path").GetString()!.EndsWith("drums.mid"));
        Assert.Equal(1, drums.GetProperty("drum_note_count").GetInt32());
        Assert.Equal(JsonValueKind.Null, drums.GetProperty("metrics").GetProperty("pitch_entropy").ValueKind);
        Assert.Equal(0, drums.GetProperty("metrics").GetProperty("n_pitches_used").GetDouble());
        Assert.Contains("broken.MID", files.Single(f => f.GetProperty("error").ValueKind == JsonValueKind.String).GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("comparison").GetProperty("polyphony").GetProperty("overlap_area").ValueKind);

        string report = File.ReadAllText(Path.Combine(_folder, "out", "report.md"));
        Assert.DoesNotContain("NaN", report);
        Assert.Contains("| Groove consistency | n/a | n/a | n/a | n/a |", report);
        // PNGs next to the report, linked from it; a metric nobody has (groove) gets no plot.
        Assert.Contains("](report-pitch-classes.png)", report);
        var png = File.ReadAllBytes(Path.Combine(_folder, "out", "report-pitch-classes.png"));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.True(File.Exists(Path.Combine(_folder, "out", "report-pitch-entropy.png")));
        Assert.False(File.Exists(Path.Combine(_folder, "out", "report-groove-consistency.png")));
    }

    [Fact]
    public void The_table_prints_na_and_a_missing_path_is_one_error_line()
    {
        WriteEdgeCases();
        var (exit, stdout, _) = Run("evaluate", _folder, "--threads", "1");
        Assert.Equal(0, exit);
        Assert.Contains("Groove consistency", stdout);
        Assert.Contains("n/a", stdout);
        Assert.Contains("3 of 4 files measured", stdout);

        var missing = Run("evaluate", Path.Combine(_folder, "nowhere"));
        Assert.Equal(1, missing.Exit);
        Assert.StartsWith("dl4m: error: ", missing.Err);
        Assert.Contains("nowhere", missing.Err);
        Assert.Equal(1, Run("evaluate", _folder, "--threads", "0").Exit);
    }
}
