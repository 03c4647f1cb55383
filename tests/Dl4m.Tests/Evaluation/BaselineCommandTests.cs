using System.Text.Json;
using Dl4m.Evaluation.Baselines;
using Dl4m.Midi;
using Dl4m.Tests.Training;

namespace Dl4m.Tests.Evaluation;

/// <summary>`dl4m baseline` and the copy length of `dl4m evaluate`, through the real command tree.</summary>
public sealed class BaselineCommandTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args) => Dl4m.Tests.Cli.CommandRunner.Run(args);

    [Fact]
    public void Bad_input_is_one_clear_error_line()
    {
        using var tmp = new TempFolder();
        var (exit, _, stderr) = Run("baseline", tmp.Path, "--out", tmp.Combine("out"), "--kind", "random");
        Assert.Equal(1, exit);
        Assert.Equal($"dl4m: error: '{tmp.Path}' is not a dl4m dataset (no manifest.json); make one with dl4m prepare", stderr.Trim());

        string data = TinyDataset.Build(tmp);
        (exit, _, stderr) = Run("baseline", data, "--out", tmp.Combine("out"), "--kind", "lstm");
        Assert.Equal(1, exit);
        Assert.Equal("dl4m: error: --kind must be random, markov or copy, not 'lstm'", stderr.Trim());
    }

    [Fact]
    public void Copied_songs_have_their_full_length_as_copy_length_in_evaluate()
    {
        using var tmp = new TempFolder();
        // Real MIDI files as the reference; the copies are excerpts of them written by the copy baseline's writer.
        var random = new Random(2);
        var songs = new List<BaselineNote[]>();
        for (int s = 0; s < 6; s++)
        {
            var notes = Enumerable.Range(0, 60).Select(i => new BaselineNote(random.Next(48, 84), 90, i == 0 ? 0 : 0.25, 0.2)).ToArray();
            songs.Add(notes);
            Directory.CreateDirectory(tmp.Combine("train"));
            File.WriteAllBytes(tmp.Combine("train", $"t{s}.mid"), MidiWriter.Write(BaselineSongWriter.ToMidi(notes)));
        }
        var copy = new CopyBaseline(new TrainingSongs(songs)).Generate(random, 30);
        Directory.CreateDirectory(tmp.Combine("gen"));
        File.WriteAllBytes(tmp.Combine("gen", "copy.mid"), MidiWriter.Write(BaselineSongWriter.ToMidi(copy)));

        var (exit, stdout, stderr) = Run("evaluate", tmp.Combine("gen"), "--reference", tmp.Combine("train"), "--json");
        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(30, json.RootElement.GetProperty("files")[0].GetProperty("copy_length").GetInt32());
        Assert.Equal(30, json.RootElement.GetProperty("copy_length").GetProperty("max").GetInt32());
        Assert.Equal(30, json.RootElement.GetProperty("files")[0].GetProperty("copy_length_transposed").GetInt32());
    }
}
