using System.CommandLine;
using System.Text.Json;
using Dl4m.Cli;
using Dl4m.Cli.Commands;
using Dl4m.Tests.Cli;

namespace Dl4m.Tests.Training;

/// <summary>`dl4m train` through the parser and runner with the console captured (so in the console collection, not in parallel).</summary>
public class TrainCommandTests
{
    private static (int ExitCode, string Output, string Error) Invoke(params string[] args) =>
        CommandRunner.Run(args);

    private static void AssertOneLineError((int ExitCode, string Output, string Error) result, string expected) =>
        CommandRunner.AssertOneLineError(result, expected);

    private static readonly string[] Tiny = ["--model", "original", "--lookback", "4", "--hidden", "6", "--dense", "5", "--batch", "8", "--threads", "1"];

    [Fact]
    public void Json_output_is_one_object_with_baselines_and_the_best_point()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        var (code, output, _) = Invoke(["train", data, "--out", tmp.Combine("m"), "--epochs", "2", "--json", .. Tiny]);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("note", root.GetProperty("loss").GetString());
        Assert.Equal(2, root.GetProperty("baselines").GetArrayLength());
        Assert.Equal("repeat previous event", root.GetProperty("baselines")[0].GetProperty("name").GetString());
        Assert.True(root.GetProperty("best").GetProperty("validation").GetProperty("total").GetDouble() > 0);
        Assert.Equal(2, root.GetProperty("epochs").GetInt32());
    }

    [Fact]
    public void The_old_family_name_seed_is_accepted_and_train_json_records_original()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        var (code, output, _) = Invoke(["train", data, "--out", tmp.Combine("m"), "--epochs", "1", "--json", .. Tiny[2..], "--model", "seed"]);
        Assert.Equal(0, code);
        Assert.Equal("original", JsonDocument.Parse(output).RootElement.GetProperty("model_kind").GetString());
        Assert.Equal("original", JsonDocument.Parse(File.ReadAllText(tmp.Combine("m/train.json"))).RootElement.GetProperty("options").GetProperty("model").GetString());
        Assert.True(File.Exists(tmp.Combine("m/sampling.json")));
    }

    [Fact]
    public void Resume_continues_with_more_epochs_and_refuses_changed_shapes()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        string model = tmp.Combine("m");
        Assert.Equal(0, Invoke(["train", data, "--out", model, "--epochs", "1", "--json", .. Tiny]).ExitCode);
        var (code, output, _) = Invoke(["train", data, "--out", model, "--epochs", "2", "--resume", "--model", "original", "--json"]);
        Assert.Equal(0, code);
        Assert.Equal(2, JsonDocument.Parse(output).RootElement.GetProperty("epochs").GetInt32());
        AssertOneLineError(Invoke("train", data, "--out", model, "--resume", "--lookback", "5"), "--lookback cannot change on --resume");
        AssertOneLineError(Invoke(["train", data, "--out", model, .. Tiny]), "exists and is not empty");
        // The first command repeated with --resume (the same --seed, --max-songs, shapes) continues instead of refusing.
        var again = Invoke(["train", data, "--out", model, "--epochs", "3", "--resume", "--seed", "0", "--max-songs", "0", .. Tiny, "--json"]);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(3, JsonDocument.Parse(again.Output).RootElement.GetProperty("epochs").GetInt32());
        AssertOneLineError(Invoke("train", data, "--out", model, "--resume", "--seed", "7"), "--seed cannot change on --resume");
        Assert.True(File.Exists(Path.Combine(model, "checkpoint.dl4m")));
    }

    [Theory]
    [InlineData("--hidden", "0")]
    [InlineData("--dense", "x")]
    [InlineData("--epochs", "0")]
    [InlineData("--lr", "-1")]
    public void Bad_option_values_are_clear_errors(string option, string value)
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        AssertOneLineError(Invoke("train", data, "--out", tmp.Combine("m"), option, value), option);
        Assert.False(Directory.Exists(tmp.Combine("m")));
    }

    /// <summary>
    /// A real process on purpose (<see cref="ToolProcess"/>): what is under test is the built tool's exit code and its
    /// stderr as a shell sees them, which the in-process <see cref="CommandRunner"/> cannot show.
    /// </summary>
    [Fact]
    public void Through_the_tool_bad_input_is_one_line_and_exit_1()
    {
        using var tmp = new TempFolder();
        var (code, _, stderr) = ToolProcess.Run("train", tmp.Path, "--out", tmp.Combine("m"));
        Assert.Equal(1, code);
        Assert.StartsWith("dl4m: error: ", stderr);
        Assert.Contains("not a dl4m dataset", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }
}
