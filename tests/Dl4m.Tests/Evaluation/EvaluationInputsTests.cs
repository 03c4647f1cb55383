using System.Text.Json;
using Dl4m.Evaluation;
using Dl4m.Midi;

namespace Dl4m.Tests.Evaluation;

public sealed class EvaluationInputsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dl4m-inputs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_dataset_folder_stands_for_its_train_songs_in_the_source_folder()
    {
        string source = Directory.CreateDirectory(Path.Combine(_root, "midi", "jigs")).Parent!.FullName;
        SongFile.Write(Path.Combine(source, "jigs"), "b.mid", SongFile.Of(SongFile.Beats(60, 0, 1)));
        SongFile.Write(source, "a.mid", SongFile.Of(SongFile.Beats(62, 0, 1)));
        SongFile.Write(source, "held.mid", SongFile.Of(SongFile.Beats(64, 0, 1)));
        string data = Directory.CreateDirectory(Path.Combine(_root, "data")).FullName;
        File.WriteAllText(Path.Combine(data, "manifest.json"), JsonSerializer.Serialize(new { schema_version = 1, source }));
        File.WriteAllText(Path.Combine(data, "songs.json"), """
            [{"path": "jigs/b.mid", "label": "jigs", "split": "train"},
             {"path": "held.mid", "label": "(root)", "split": "validation"},
             {"path": "a.mid", "label": "(root)", "split": "train"}]
            """);

        var files = EvaluationInputs.Find(data);
        Assert.Equal([Path.Combine(source, "a.mid"), Path.Combine(source, "jigs/b.mid")], files);
        Assert.Equal(2, EvaluatedSet.Evaluate("data", files, 1).Songs.Count);
        Assert.Equal(3, EvaluationInputs.Find(source).Count); // a plain folder: every MIDI file below it
        Assert.Equal([Path.Combine(source, "held.mid")], EvaluationInputs.Find(data, "validation"));
        Assert.Empty(EvaluationInputs.Find(data, "test"));
        Assert.Contains("split must be train, validation or test", Assert.Throws<Dl4mException>(() => EvaluationInputs.Find(data, "dev")).Message);
    }

    [Fact]
    public void A_plain_folder_is_walked_as_prepare_walks_it_links_followed_loops_and_dangling_links_listed()
    {
        // one walker for every command: evaluate sees the files prepare would, and says what it could not follow
        string source = Directory.CreateDirectory(Path.Combine(_root, "midi")).FullName;
        string other = Directory.CreateDirectory(Path.Combine(_root, "other")).FullName;
        SongFile.Write(source, "a.mid", SongFile.Of(SongFile.Beats(62, 0, 1)));
        SongFile.Write(other, "c.mid", SongFile.Of(SongFile.Beats(64, 0, 1)));
        Directory.CreateSymbolicLink(Path.Combine(source, "linked"), other);
        Directory.CreateSymbolicLink(Path.Combine(source, "loop"), source);
        File.CreateSymbolicLink(Path.Combine(source, "dangling.mid"), Path.Combine(_root, "nowhere.mid"));

        var skipped = new List<SkippedPath>();
        var files = EvaluationInputs.Find(source, EvaluationInputs.ReferenceSplit, skipped);
        Assert.Equal([Path.Combine(source, "a.mid"), Path.Combine(source, "linked", "c.mid")], files);
        Assert.Equal(MidiFileFinder.FindPaths(source), files);
        Assert.Equal(["dangling.mid", "loop/"], skipped.Select(s => s.Path));
    }

    [Fact]
    public void A_dataset_whose_source_is_gone_or_json_is_broken_is_one_clear_error()
    {
        string data = Directory.CreateDirectory(Path.Combine(_root, "data")).FullName;
        File.WriteAllText(Path.Combine(data, "songs.json"), "[]");
        File.WriteAllText(Path.Combine(data, "manifest.json"), JsonSerializer.Serialize(new { source = Path.Combine(_root, "gone") }));
        Assert.Contains("no longer exists", Assert.Throws<Dl4mException>(() => EvaluationInputs.Find(data)).Message);
        File.WriteAllText(Path.Combine(data, "manifest.json"), "{ not json");
        Assert.Contains("not a readable dl4m dataset", Assert.Throws<Dl4mException>(() => EvaluationInputs.Find(data)).Message);
    }
}
