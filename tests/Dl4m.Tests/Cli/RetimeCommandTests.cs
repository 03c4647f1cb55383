using System.Text.Json;
using Dl4m.Cli.Commands;
using Dl4m.Tests.Data;

namespace Dl4m.Tests.Cli;

public class RetimeCommandTests
{
    [Fact]
    public void Json_counts_the_files_written_and_their_resolutions()
    {
        using var temp = new TempFolder();
        temp.Write("src/a.mid", TinyMidi.Notes(0, 60, 62));
        temp.Write("src/sub/b.mid", TinyMidi.Notes(0, 64));
        var (code, output, _) = CommandRunner.Run("retime", temp.Combine("src"), "--out", temp.Combine("out"),
            "--tempo", "constant:60-180", "--ppq", "480", "--transpose", "random:6", "--seed", "1", "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(2, json.RootElement.GetProperty("files").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("ppq").GetProperty("480").GetInt32());
        Assert.InRange(json.RootElement.GetProperty("min_bpm").GetDouble(), 60, 180);
        Assert.True(File.Exists(temp.Combine("out", "sub", "b.mid")));
    }

    [Fact]
    public void A_bad_tempo_form_is_one_error_naming_the_option()
    {
        using var temp = new TempFolder();
        temp.Write("src/a.mid", TinyMidi.Notes(0, 60));
        CommandRunner.AssertOneLineError(CommandRunner.Run("retime", temp.Combine("src"), "--out", temp.Combine("out"), "--tempo", "presto"),
            "dl4m: error: --tempo 'presto': expected keep, rubato or constant:MIN-MAX");
        Assert.False(Directory.Exists(temp.Combine("out")));
    }
}
