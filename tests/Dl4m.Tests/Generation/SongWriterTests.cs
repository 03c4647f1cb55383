using Dl4m.Cli.Commands;
using Dl4m.Generation;
using Dl4m.Midi;
using Dl4m.Music;
using Dl4m.Tests.Cli;
using Dl4m.Tests.Pipeline;
using Xunit;

namespace Dl4m.Tests.Generation;

public sealed class SongWriterTests(TinyDemo demo) : IClassFixture<TinyDemo>
{
    [Fact]
    public void DemoWritesCorpusDatasetModelSongAndPianoRoll()
    {
        var r = demo.Result;
        Assert.Equal(40, Directory.GetFiles(r.Corpus, "*.mid").Length);
        Assert.True(File.Exists(Path.Combine(r.Dataset, "manifest.json")));
        Assert.True(File.Exists(Path.Combine(r.Model, "train.json")));
        Assert.Equal(Dl4m.Training.ModelKind.Original, r.Kind);
        Assert.Equal(Dl4m.Training.ModelKind.Original, SongWriter.FamilyOf(r.Model));
        Assert.Null(r.NoteNll);
        Assert.True(File.Exists(r.Song.Png));
        var file = MidiReader.ReadFile(r.Song.Midi);
        Assert.Equal(40, file.Tracks.SelectMany(t => t.Events).Count(e => e.IsNoteOn));
    }

    [Fact]
    public void ExistingOutputIsAnErrorWithoutForceAndReplacedWithIt()
    {
        string output = Path.Combine(demo.NewFolder("force"), "song.mid");
        File.WriteAllText(output, "keep");
        var request = new GenerationRequest { ModelFolder = demo.Result.Model, Output = output, Options = new GenerationOptions { Notes = 20, Seed = 1 } };
        var e = Assert.Throws<Dl4mException>(() => SongWriter.Run(request));
        Assert.Contains("use force", e.Message);
        Assert.Equal("keep", File.ReadAllText(output));
        SongWriter.Run(request with { Force = true });
        Assert.Equal(20, MidiReader.ReadFile(output).Tracks.SelectMany(t => t.Events).Count(x => x.IsNoteOn));
    }

    [Fact]
    public void A_missing_output_folder_is_created_as_prepare_and_train_do_and_a_file_in_its_place_is_an_error()
    {
        string root = demo.NewFolder("parents");
        string output = Path.Combine(root, "new", "deeper", "song.mid");
        SongWriter.Run(new GenerationRequest { ModelFolder = demo.Result.Model, Output = output, Options = new GenerationOptions { Notes = 10, Seed = 1 } });
        Assert.True(File.Exists(output));
        File.WriteAllText(Path.Combine(root, "blocker"), "x");
        var e = Assert.Throws<Dl4mException>(() => SongWriter.Run(new GenerationRequest
        {
            ModelFolder = demo.Result.Model, Output = Path.Combine(root, "blocker", "song.mid"), Options = new GenerationOptions { Notes = 10 },
        }));
        Assert.Contains("is a file, not a folder", e.Message);
    }

    [Fact]
    public void CountWritesNumberedSongsReproduciblyFromTheSeed()
    {
        string folder = demo.NewFolder("count");
        var request = new GenerationRequest { ModelFolder = demo.Result.Model, Output = Path.Combine(folder, "song.mid"), Count = 3, Options = new GenerationOptions { Notes = 30, Seed = 7 } };
        var first = SongWriter.Run(request);
        Assert.Equal(["song-1.mid", "song-2.mid", "song-3.mid"], first.Select(f => Path.GetFileName(f.Midi)));
        var bytes = first.Select(f => File.ReadAllBytes(f.Midi)).ToArray();
        var again = SongWriter.Run(request with { Force = true });
        for (int i = 0; i < 3; i++) Assert.Equal(bytes[i], File.ReadAllBytes(again[i].Midi));
    }

    [Fact]
    public void PrimerFileShorterThanTheLookbackIsPadded()
    {
        string folder = demo.NewFolder("primer");
        string primer = Path.Combine(folder, "primer.mid");
        MidiWriter.WriteFile(SongMidi.Create([new(60, 90, 0, 0.5), new(64, 90, 0.5, 0.5)]), primer);
        var files = SongWriter.Run(new GenerationRequest { ModelFolder = demo.Result.Model, Output = Path.Combine(folder, "out.mid"), PrimerFile = primer, Options = new GenerationOptions { Notes = 10 } });
        Assert.Equal(2, files[0].Song.PrimerEvents);
        Assert.Equal(16 - 2, files[0].Song.PaddedEvents);
    }

    [Fact]
    public void ModelFolderWithoutTrainJsonIsAClearError()
    {
        string broken = demo.NewFolder("broken");
        foreach (string f in new[] { "config.json", "model.safetensors" }) File.Copy(Path.Combine(demo.Result.Model, f), Path.Combine(broken, f));
        var e = Assert.Throws<Dl4mException>(() => SongWriter.Run(new GenerationRequest { ModelFolder = broken, Output = Path.Combine(broken, "s.mid") }));
        Assert.Contains("train.json", e.Message);
    }

    [Fact]
    public void TrainJsonFromAnotherVersionIsAClearError()
    {
        string old = demo.NewFolder("old");
        foreach (string f in new[] { "config.json", "model.safetensors" }) File.Copy(Path.Combine(demo.Result.Model, f), Path.Combine(old, f));
        File.WriteAllText(Path.Combine(old, "train.json"), "{\"dl4m_version\": \"0.0.1\", \"lookback\": 16}");
        var e = Assert.Throws<Dl4mException>(() => SongWriter.Run(new GenerationRequest { ModelFolder = old, Output = Path.Combine(old, "s.mid") }));
        Assert.Contains("cannot be used by dl4m", e.Message);
        Assert.False(File.Exists(Path.Combine(old, "s.mid")));
    }

    [Fact]
    public void GenerateCommandWritesJsonAndPlotCommandDrawsTheFile()
    {
        string folder = demo.NewFolder("cli");
        string song = Path.Combine(folder, "song.mid");
        var (code, output, _) = CommandRunner.Run("generate", demo.Result.Model, "--out", song, "--notes", "25", "--seed", "2", "--mode", "round", "--duration", "corpus", "--json");
        Assert.Equal(0, code);
        Assert.Contains("\"generation_ms\":", output);
        (code, output, _) = CommandRunner.Run("plot", song, "--out", Path.Combine(folder, "roll.png"));
        Assert.Equal(0, code);
        Assert.True(new FileInfo(Path.Combine(folder, "roll.png")).Length > 1000);
        CommandRunner.AssertOneLineError(CommandRunner.Run("generate", demo.Result.Model, "--out", song, "--range", "80-20", "--force"), "--range '80-20'");
    }

    [Fact]
    public void KeyTransposesSeedModelSongsTooAndCategoricalOptionsAreRefused()
    {
        string folder = demo.NewFolder("seed-key");
        var request = new GenerationRequest { ModelFolder = demo.Result.Model, Output = Path.Combine(folder, "s.mid"), Options = new GenerationOptions { Notes = 60, Seed = 3 } };
        var plain = SongWriter.Run(request)[0].Song;
        var moved = SongWriter.Run(request with { Key = MusicalKey.Parse("F# major"), Force = true })[0].Song;
        Assert.NotNull(moved.Key);
        Assert.Equal(plain.Notes.Select(n => Math.Clamp(n.Pitch + moved.Key!.Semitones, 0, 127)), moved.Notes.Select(n => n.Pitch));
        Assert.Equal(moved.Key!.Result, SongKey.Estimate(moved.Notes));
        Assert.Null(plain.NoteLogProbability);
        var e = Assert.Throws<Dl4mException>(() => SongWriter.Run(request with { Options = request.Options with { TopP = 0.9 }, Force = true }));
        Assert.Contains("categorical models only", e.Message);
        e = Assert.Throws<Dl4mException>(() => SongWriter.Run(request with { Label = "jigs", Force = true }));
        Assert.Contains("categorical models only", e.Message);
    }
}
