using System.CommandLine;
using System.Text.Json;
using Dl4m.Cli;
using Dl4m.Cli.Commands;
using Dl4m.Data;
using Dl4m.Tests.Data;

namespace Dl4m.Tests.Cli;

/// <summary>`dl4m prepare` through the command line parser and runner (<see cref="CommandRunner"/>).</summary>
public class PrepareCommandTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args) =>
        CommandRunner.Run(["prepare", .. args]);

    private static void AssertOneLineError((int Exit, string Out, string Err) result, string expected) =>
        CommandRunner.AssertOneLineError(result, expected);

    [Fact]
    public void Json_prints_one_object_with_the_manifest_summary()
    {
        using var tmp = new TempFolder();
        tmp.Write("in/folk/a.mid", TinyMidi.Notes(0, 60, 62, 64));
        tmp.Write("in/folk/drums.MID", TinyMidi.Notes(9, 36, 38));
        tmp.Write("in/b.midi", TinyMidi.Notes(1, 50));
        tmp.Write("in/junk.mid", "this is not MIDI"u8.ToArray());
        var (exit, stdout, stderr) = Run(tmp.Combine("in"), "--out", tmp.Combine("out"), "--json", "--threads", "2");

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        using var json = JsonDocument.Parse(stdout);
        var counts = json.RootElement.GetProperty("counts");
        Assert.Equal(4, counts.GetProperty("files").GetInt32());
        Assert.Equal(1, counts.GetProperty("failed").GetInt32());
        Assert.Equal(6, counts.GetProperty("note_ons").GetInt32());
        Assert.Equal(4, counts.GetProperty("events").GetInt32()); // drums dropped
        Assert.Equal("junk.mid", json.RootElement.GetProperty("failures")[0].GetProperty("path").GetString());
        Assert.Equal(tmp.Combine("out"), json.RootElement.GetProperty("output").GetString());
        Assert.False(json.RootElement.TryGetProperty("songs", out _));
        Assert.True(File.Exists(tmp.Combine("out", "events.bin")));
    }

    [Fact]
    public void Drums_include_keeps_channel_ten()
    {
        using var tmp = new TempFolder();
        tmp.Write("in/drums.mid", TinyMidi.Notes(9, 36, 38));
        var (exit, stdout, _) = Run(tmp.Combine("in"), "--out", tmp.Combine("out"), "--json", "--drums", "include", "--split", "50/25/25");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(2, json.RootElement.GetProperty("counts").GetProperty("events").GetInt32());
        Assert.Equal("50/25/25", json.RootElement.GetProperty("options").GetProperty("split").GetString());
    }

    [Fact]
    public void Group_by_name_is_recorded_and_shown_and_other_values_are_refused()
    {
        using var tmp = new TempFolder();
        tmp.Write("in/a.mid", TinyMidi.Notes(0, 60));
        tmp.Write("in/melody/A.MID", TinyMidi.Notes(0, 62));
        var (exit, stdout, _) = Run(tmp.Combine("in"), "--out", tmp.Combine("json"), "--json", "--group-by", "name");
        Assert.Equal(0, exit);
        using (var json = JsonDocument.Parse(stdout))
            Assert.Equal("name", json.RootElement.GetProperty("options").GetProperty("group_by").GetString());
        using (var dataset = Dataset.Open(tmp.Combine("json")))
            Assert.Equal(dataset.Songs[0].Split, dataset.Songs[1].Split);

        var human = Run(tmp.Combine("in"), "--out", tmp.Combine("text"), "--group-by", "name");
        Assert.Contains("(80/10/10, by file name)", human.Out);
        var (inspected, shown, _) = CommandRunner.Run("inspect", tmp.Combine("text"));
        Assert.Equal(0, inspected);
        Assert.Contains("options: drums exclude, split 80/10/10 by file name", shown);
        Assert.Contains("songs 2", shown);
        using (var inspectJson = JsonDocument.Parse(CommandRunner.Run("inspect", tmp.Combine("text"), "--json").Output))
            Assert.Equal("name", inspectJson.RootElement.GetProperty("options").GetProperty("group_by").GetString());
        Assert.Contains("by file content", Run(tmp.Combine("in"), "--out", tmp.Combine("default")).Out);

        var bad = Run(tmp.Combine("in"), "--out", tmp.Combine("bad"), "--group-by", "hash");
        Assert.NotEqual(0, bad.Exit);
        Assert.Contains("hash", bad.Err);
        Assert.False(Directory.Exists(tmp.Combine("bad")));
    }

    [Fact]
    public void Human_summary_is_a_table_and_the_output_path()
    {
        using var tmp = new TempFolder();
        tmp.Write("in/a.mid", TinyMidi.Notes(0, 60));
        var (exit, stdout, _) = Run(tmp.Combine("in"), "--out", tmp.Combine("out"));
        Assert.Equal(0, exit);
        Assert.Contains("note_ons", stdout);
        Assert.Contains("(root)", stdout);
        Assert.Contains($"dataset written to {tmp.Combine("out")}", stdout);
    }

    [Fact]
    public void Missing_folder()
    {
        using var tmp = new TempFolder();
        AssertOneLineError(Run(tmp.Combine("absent"), "--out", tmp.Combine("out")), "does not exist");
    }

    [Fact]
    public void Folder_without_midi_files()
    {
        using var tmp = new TempFolder();
        tmp.Write("in/notes.txt", [1]);
        AssertOneLineError(Run(tmp.Combine("in"), "--out", tmp.Combine("out")), "no MIDI files");
        Assert.False(Directory.Exists(tmp.Combine("out")));
    }

    [Fact]
    public void Only_non_midi_content()
    {
        using var tmp = new TempFolder();
        tmp.Write("in/fake.mid", "<html>not found</html>"u8.ToArray());
        AssertOneLineError(Run(tmp.Combine("in"), "--out", tmp.Combine("out")), "none of the 1 MIDI files");
        Assert.Equal(["in"], Directory.GetFileSystemEntries(tmp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Unwritable_output()
    {
        using var tmp = new TempFolder();
        tmp.Write("in/a.mid", TinyMidi.Notes(0, 60));
        tmp.Write("file", [0]);
        AssertOneLineError(Run(tmp.Combine("in"), "--out", tmp.Combine("file", "out")), "cannot write output folder");
    }

    [Fact]
    public void Existing_output_needs_force()
    {
        using var tmp = new TempFolder();
        tmp.Write("in/a.mid", TinyMidi.Notes(0, 60));
        tmp.Write("out/old.txt", [0]);
        AssertOneLineError(Run(tmp.Combine("in"), "--out", tmp.Combine("out")), "--force");
        Assert.Equal(0, Run(tmp.Combine("in"), "--out", tmp.Combine("out"), "--force", "--json").Exit);
        using var dataset = Dataset.Open(tmp.Combine("out"));
        Assert.Equal(1, dataset.EventCount);
    }

    [Fact]
    public void Bad_split()
    {
        using var tmp = new TempFolder();
        tmp.Write("in/a.mid", TinyMidi.Notes(0, 60));
        AssertOneLineError(Run(tmp.Combine("in"), "--out", tmp.Combine("out"), "--split", "80/20"), "--split");
    }

    [Fact]
    public void Bad_thread_count()
    {
        using var tmp = new TempFolder();
        tmp.Write("in/a.mid", TinyMidi.Notes(0, 60));
        AssertOneLineError(Run(tmp.Combine("in"), "--out", tmp.Combine("out"), "--threads", "0"), "--threads");
    }
}
