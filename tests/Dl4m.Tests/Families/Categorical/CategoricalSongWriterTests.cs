using System.Text.Json;
using Dl4m.Categorical;
using Dl4m.Cli.Commands;
using Dl4m.Data;
using Dl4m.Generation;
using Dl4m.Midi;
using Dl4m.Music;
using Dl4m.Tests.Cli;
using Xunit;

namespace Dl4m.Tests.Families.Categorical;

public sealed class CategoricalSongWriterTests(TinyCategoricalModel tiny) : IClassFixture<TinyCategoricalModel>
{
    private static EventRecord[] ReadBack(string midi) => NoteEventExtractor.ExtractAll(MidiReader.ReadFile(midi));

    private static JsonElement Generate(params string[] args)
    {
        var (code, output, _) = CommandRunner.Run(["generate", .. args, "--json"]);
        Assert.Equal(0, code);
        return JsonDocument.Parse(output).RootElement;
    }

    /// <summary>The one error line `dl4m generate args…` prints (exit code 1).</summary>
    private static string GenerateError(params string[] args) => CommandRunner.AssertOneLineError(CommandRunner.Run(["generate", .. args]), "dl4m: error: ");

    [Fact]
    public void A_categorical_folder_without_its_encoding_json_is_named_as_such_not_run_as_a_seed_model()
    {
        // The family comes from train.json; before, a missing encoding.json made the folder look like an original model and
        // the error blamed the network's input and output sizes.
        string copy = tiny.NewFolder("no-encoding");
        foreach (string file in Directory.GetFiles(tiny.Folder)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        File.Delete(Path.Combine(copy, CategoricalEncodingJson.FileName));
        Assert.Equal(Dl4m.Training.ModelKind.Categorical, SongWriter.FamilyOf(copy));
        var e = Assert.Throws<Dl4mException>(() => SongWriter.Run(new GenerationRequest
        {
            ModelFolder = copy, Output = Path.Combine(copy, "s.mid"), Options = new GenerationOptions { Notes = 5 },
        }));
        Assert.Contains("has no encoding.json", e.Message);
        Assert.DoesNotContain("inputs", e.Message);
    }

    [Fact]
    public void GenerateWritesAValidMidiFileWithTheCategoricalFields()
    {
        string song = Path.Combine(tiny.NewFolder("cli"), "song.mid");
        var json = Generate(tiny.Folder, "--out", song, "--notes", "60", "--seed", "3", "--top-k", "20", "--top-p", "0.9", "--png");
        var s = json.GetProperty("songs")[0];
        Assert.Equal("categorical", s.GetProperty("model").GetString());
        Assert.Equal(GenerationOptions.CategoricalTemperature, s.GetProperty("temperature").GetDouble());
        Assert.Equal(20, s.GetProperty("top_k").GetInt32());
        Assert.Equal(0.9, s.GetProperty("top_p").GetDouble());
        Assert.Equal(0, s.GetProperty("beam").GetInt32());
        Assert.True(s.GetProperty("mean_note_log_probability").GetDouble() < 0);
        Assert.Equal(TinyCategoricalModel.Lookback, s.GetProperty("primer_events").GetInt32());
        // without --label the primer song's own label is used
        string label = s.GetProperty("label").GetString()!;
        Assert.Contains(label + "/", s.GetProperty("primer").GetString());
        var events = ReadBack(song);
        Assert.Equal(60, events.Length);
        Assert.All(events, e => Assert.True(e.DurationSeconds > 0));
        Assert.True(new FileInfo(Path.ChangeExtension(song, ".png")).Length > 1000);
    }

    [Fact]
    public void SameSeedWritesTheSameBytesAndBeamWorksThroughTheCommand()
    {
        string folder = tiny.NewFolder("seed");
        string a = Path.Combine(folder, "a.mid"), b = Path.Combine(folder, "b.mid");
        Generate(tiny.Folder, "--out", a, "--notes", "40", "--seed", "11", "--beam", "3", "--count", "2");
        Generate(tiny.Folder, "--out", b, "--notes", "40", "--seed", "11", "--beam", "3", "--count", "2");
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "a-1.mid")), File.ReadAllBytes(Path.Combine(folder, "b-1.mid")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "a-2.mid")), File.ReadAllBytes(Path.Combine(folder, "b-2.mid")));
        Assert.Equal(40, ReadBack(Path.Combine(folder, "a-2.mid")).Length);
    }

    [Theory]
    [InlineData("jigs")]
    [InlineData("reels")]
    public void LabelPicksThePrimerAndTheConditioning(string label)
    {
        string song = Path.Combine(tiny.NewFolder("label"), "song.mid");
        var s = Generate(tiny.Folder, "--out", song, "--notes", "20", "--label", label, "--seed", "1")
            .GetProperty("songs")[0];
        Assert.Equal(label, s.GetProperty("label").GetString());
        Assert.Contains($"{label}/", s.GetProperty("primer").GetString());
    }

    [Fact]
    public void UnknownLabelListsTheKnownOnes()
    {
        string song = Path.Combine(tiny.NewFolder("bad-label"), "song.mid");
        Assert.Equal("dl4m: error: --label polkas: unknown label; the model knows jigs, reels", GenerateError(tiny.Folder, "--out", song, "--label", "polkas"));
        Assert.False(File.Exists(song));
    }

    [Theory]
    [InlineData("D major")]
    [InlineData("B minor")]
    [InlineData("Eb minor")]
    public void KeyTransposesTheSongToTheRequestedKeyOrItsRelative(string key)
    {
        string song = Path.Combine(tiny.NewFolder("key"), "song.mid");
        var k = Generate(tiny.Folder, "--out", song, "--notes", "80", "--key", key, "--seed", "4", "--temperature", "0.7")
            .GetProperty("songs")[0].GetProperty("key");
        var requested = MusicalKey.Parse(key);
        Assert.Equal(requested.ToString(), k.GetProperty("requested").GetString());
        var result = MusicalKey.Parse(k.GetProperty("result").GetString()!);
        Assert.True(result == requested || result == requested.Relative, $"{result} is neither {requested} nor its relative");
        int semitones = k.GetProperty("semitones").GetInt32();
        Assert.InRange(semitones, -11, 11);
        // the same song without --key, moved by those semitones, is the file written with it
        string plain = Path.Combine(Path.GetDirectoryName(song)!, "plain.mid");
        Generate(tiny.Folder, "--out", plain, "--notes", "80", "--seed", "4", "--temperature", "0.7");
        Assert.Equal(ReadBack(plain).Select(e => Math.Clamp((int)e.Note + semitones, 0, 127)), ReadBack(song).Select(e => (int)e.Note));
    }

    [Fact]
    public void KeyOfTheTransposedNotesIsTheReportedResult()
    {
        string folder = tiny.NewFolder("key-notes");
        var request = new GenerationRequest { ModelFolder = tiny.Folder, Output = Path.Combine(folder, "s.mid"), Options = new GenerationOptions { Notes = 80, Seed = 4, Temperature = 0.7, LowNote = 40, HighNote = 90 } };
        foreach (string key in new[] { "D major", "B minor", "Eb minor" })
        {
            var song = SongWriter.Run(request with { Key = MusicalKey.Parse(key), Force = true })[0].Song;
            Assert.NotNull(song.Key);
            Assert.Equal(song.Key!.Result, SongKey.Estimate(song.Notes));
        }
    }

    [Fact]
    public void KeyNormalisedModelGetsItsPrimerMovedToCMajorOrAMinor()
    {
        string folder = tiny.NewFolder("normal");
        string primer = Path.Combine(folder, "d-major.mid");
        // a D major phrase: the model was trained in C major / A minor, so the primer is moved down 2 semitones
        int[] tune = [62, 66, 69, 74, 69, 66, 64, 67, 71, 73, 62];
        MidiWriter.WriteFile(SongMidi.Create([.. tune.Select((p, i) => new Note(p, 90, i * 0.5, i % 4 == 0 ? 1.0 : 0.5))]), primer);
        var s = Generate(tiny.IntervalFolder, "--out", Path.Combine(folder, "out.mid"), "--primer", primer, "--notes", "30", "--label", "reels", "--seed", "2")
            .GetProperty("songs")[0];
        Assert.Equal(-2, s.GetProperty("primer_shift").GetInt32());
        Assert.Equal("reels", s.GetProperty("label").GetString());
        Assert.Equal(30, ReadBack(Path.Combine(folder, "out.mid")).Length);
    }

    [Fact]
    public void SeedOnlyAndCategoricalOnlyOptionsAreRefusedOnTheOtherKind()
    {
        string folder = tiny.NewFolder("kinds");
        Assert.Contains("--context window cannot be combined with --beam", GenerateError(tiny.Folder, "--out", Path.Combine(folder, "a.mid"), "--context", "window", "--beam", "2"));
        Assert.Contains("--beam needs --notes", GenerateError(tiny.Folder, "--out", Path.Combine(folder, "a.mid"), "--beam", "2", "--seconds", "10"));
        // a folder without encoding.json is an original model: --label is refused before anything is read
        string seed = tiny.NewFolder("seed-model");
        Assert.Contains("--label jigs: labels apply to categorical models only", GenerateError(seed, "--out", Path.Combine(folder, "b.mid"), "--label", "jigs"));
    }

    [Theory]
    [InlineData("model.safetensors")]
    [InlineData("encoding.json")]
    [InlineData("train.json")]
    [InlineData("config.json")]
    public void MissingOrCorruptFilesAreOneLineErrorsNamingTheFile(string file)
    {
        string broken = tiny.NewFolder("broken");
        foreach (string f in Directory.GetFiles(tiny.Folder)) File.Copy(f, Path.Combine(broken, Path.GetFileName(f)));
        string output = Path.Combine(broken, "s.mid");
        File.WriteAllText(Path.Combine(broken, file), "{ not json");
        var e = Assert.Throws<Dl4mException>(() => SongWriter.Run(new GenerationRequest { ModelFolder = broken, Output = output }));
        Assert.Contains(file, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        if (file != CategoricalEncodingJson.FileName)
        {
            File.Delete(Path.Combine(broken, file));
            e = Assert.Throws<Dl4mException>(() => SongWriter.Run(new GenerationRequest { ModelFolder = broken, Output = output }));
            Assert.Contains($"has no {file}", e.Message);
        }
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void PrimerFileWithoutLabelLeavesTheLabelEmptyWithANotice()
    {
        string folder = tiny.NewFolder("nolabel");
        string primer = Path.Combine(folder, "p.mid");
        MidiWriter.WriteFile(SongMidi.Create([new(60, 90, 0, 0.5), new(64, 90, 0.5, 0.5)]), primer);
        var notices = new List<string>();
        var files = SongWriter.Run(new GenerationRequest
        {
            ModelFolder = tiny.Folder, Output = Path.Combine(folder, "out.mid"), PrimerFile = primer, Options = new GenerationOptions { Notes = 10, Seed = 1 },
        }, notices.Add);
        Assert.Null(files[0].Label);
        Assert.Equal(2, files[0].Song.PrimerEvents);
        Assert.Contains(notices, n => n.Contains("GenerationRequest.Label"));
    }

    [Fact]
    public void TextOutputSaysWhatTheCategoricalGeneratorAndKeyDid()
    {
        string song = Path.Combine(tiny.NewFolder("text"), "song.mid");
        var (code, output, _) = CommandRunner.Run("generate", tiny.Folder, "--out", song, "--notes", "30", "--seed", "5", "--label", "jigs", "--key", "G major", "--range", "48-84");
        Assert.Equal(0, code);
        Assert.Contains("30 notes", output);
        Assert.Contains("categorical: temperature 0.7, label jigs, mean ln p(note) -", output);
        Assert.Contains("requested G major)", output);
    }
}
