using System.Text.Json;
using Dl4m.Midi;

namespace Dl4m.Tests.Evaluation;

/// <summary>`dl4m evaluate` through the real command tree (its own stdout and stderr writers), on files with nothing to measure.</summary>
public sealed class EvaluateCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dl4m-evaluate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Exit, string Out, string Err) Run(params string[] args) => Dl4m.Tests.Cli.CommandRunner.Run(args);

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

    /// <summary>
    /// A dataset folder (manifest.json + songs.json, as dl4m prepare writes them) over a source folder whose train song
    /// is a 12-note rising run and whose test songs are low notes; and a generated folder holding a copy of the train song.
    /// </summary>
    private (string Data, string Generated) WriteDatasetAndCopy()
    {
        string source = Directory.CreateDirectory(Path.Combine(_folder, "midi")).FullName;
        var run = Enumerable.Range(0, 12).Select(i => SongFile.Beats(60 + i, i, i + 1)).ToArray();
        SongFile.Write(source, "train.mid", SongFile.Of(run));
        SongFile.Write(source, "test1.mid", SongFile.Of(Enumerable.Range(0, 8).Select(i => SongFile.Beats(40 + i % 3, i, i + 1)).ToArray()));
        SongFile.Write(source, "test2.mid", SongFile.Of(Enumerable.Range(0, 8).Select(i => SongFile.Beats(45 - i % 2, i, i + 1)).ToArray()));
        string data = Directory.CreateDirectory(Path.Combine(_folder, "data")).FullName;
        File.WriteAllText(Path.Combine(data, "manifest.json"), JsonSerializer.Serialize(new { schema_version = 1, source }));
        File.WriteAllText(Path.Combine(data, "songs.json"), """
            [{"path": "train.mid", "split": "train"}, {"path": "test1.mid", "split": "test"}, {"path": "test2.mid", "split": "test"}]
            """);
        string generated = Directory.CreateDirectory(Path.Combine(_folder, "gen")).FullName;
        SongFile.Write(generated, "copy.mid", SongFile.Of(run));
        return (data, generated);
    }

    [Fact]
    public void A_dataset_reference_compares_with_the_chosen_split_and_measures_copies_against_its_train_split()
    {
        var (data, generated) = WriteDatasetAndCopy();
        var (exit, stdout, stderr) = Run("evaluate", generated, "--reference", data, "--reference-split", "test", "--json");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal("test", root.GetProperty("reference_split").GetString());
        Assert.Equal(2, root.GetProperty("reference").GetProperty("files").GetInt32());
        Assert.Equal($"train split of {data}", root.GetProperty("copy_reference").GetString());
        // The whole song is a copy of the train song; the test songs share none of its pitches.
        Assert.Equal(12, root.GetProperty("copy_length").GetProperty("max").GetInt32());
        Assert.Equal(12, root.GetProperty("copy_length").GetProperty("median").GetInt32());
        Assert.Equal(12, root.GetProperty("files")[0].GetProperty("copy_length").GetInt32());
        Assert.True(root.GetProperty("comparison").TryGetProperty("scale_consistency", out _));

        // The default split is train, and the text output names what copies were measured against.
        var text = Run("evaluate", generated, "--reference", data);
        Assert.True(text.Exit == 0, text.Err);
        Assert.Contains($"shared with a song of the train split of {data}): 12.000 ± 0.000 notes, median 12, max 12", text.Out);
        Assert.Contains("(train split): 1 of 1 files", text.Out);
    }

    [Fact]
    public void A_plain_folder_reference_is_its_own_copy_reference_and_takes_no_reference_split()
    {
        var (_, generated) = WriteDatasetAndCopy();
        string midi = Path.Combine(_folder, "midi");
        var (exit, stdout, stderr) = Run("evaluate", generated, "--reference", midi, "--json");
        Assert.True(exit == 0, stderr);
        using (var doc = JsonDocument.Parse(stdout))
        {
            Assert.Equal(midi, doc.RootElement.GetProperty("copy_reference").GetString());
            Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("reference_split").ValueKind);
            Assert.Equal(3, doc.RootElement.GetProperty("reference").GetProperty("files").GetInt32());
        }

        var refused = Run("evaluate", generated, "--reference", midi, "--reference-split", "test");
        Assert.Equal(1, refused.Exit);
        Assert.StartsWith("dl4m: error: --reference-split needs a dataset folder", refused.Err);
        Assert.Contains("needs --reference", Run("evaluate", generated, "--reference-split", "train").Err);
        Assert.NotEqual(0, Run("evaluate", generated, "--reference", midi, "--reference-split", "dev").Exit);
    }
}
