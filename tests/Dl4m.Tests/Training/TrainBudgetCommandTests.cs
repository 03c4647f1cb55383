using System.Text.Json;
using System.Text.Json.Nodes;
using Dl4m.Cli.Commands;
using Dl4m.Tests.Cli;

namespace Dl4m.Tests.Training;

/// <summary>`dl4m train`'s budget options and how a run reports where it stopped and why (console captured).</summary>
public class TrainBudgetCommandTests
{
    private static (int ExitCode, string Output, string Error) Invoke(params string[] args) =>
        CommandRunner.Run(args);

    private static readonly string[] Tiny =
        ["--lookback", "8", "--stride", "2", "--hidden", "16", "--batch", "8", "--threads", "1", "--augment", "none", "--lr", "0.02"];

    private static JsonNode Outcome(string model) => JsonNode.Parse(File.ReadAllText(Path.Combine(model, "train.json")))!["outcome"]!;

    [Fact]
    public void By_default_the_categorical_model_trains_until_patience_and_says_so_in_json_and_train_json()
    {
        using var tmp = new TempFolder();
        string data = RisingValidationDataset.Build(tmp);
        string model = tmp.Combine("m");
        var (code, output, _) = Invoke(["train", data, "--out", model, "--json", .. Tiny]);
        Assert.Equal(0, code);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal("patience", root.GetProperty("stop_reason").GetString());
        Assert.Equal("no improvement of more than 0.001 in 5 validations", root.GetProperty("stop_detail").GetString());
        Assert.True(root.GetProperty("stopped_early").GetBoolean());
        Assert.Equal((200, 5, 0.001), (root.GetProperty("max_epochs").GetInt32(), root.GetProperty("patience").GetInt32(), root.GetProperty("min_delta").GetDouble()));
        Assert.False(root.TryGetProperty("time_limit_s", out _));
        int bestEpoch = root.GetProperty("best_epoch").GetInt32();
        Assert.Equal(bestEpoch + 5, root.GetProperty("epochs").GetInt32());
        Assert.Equal(bestEpoch + 5, root.GetProperty("epochs_run").GetDouble());
        Assert.Equal(bestEpoch, root.GetProperty("best").GetProperty("epoch").GetInt32());
        Assert.Equal(root.GetProperty("val_nll_per_note").GetDouble(), root.GetProperty("best").GetProperty("validation").GetProperty("note_nll").GetDouble());
        Assert.Equal(0, root.GetProperty("validation_every_steps").GetInt32());
        Assert.StartsWith("each epoch (auto", root.GetProperty("validation_cadence").GetString());
        Assert.False(root.GetProperty("validation_sample").GetProperty("songs").GetInt32() < root.GetProperty("validation_sample").GetProperty("split_songs").GetInt32());

        var outcome = Outcome(model);
        Assert.Equal("patience", outcome["stop_reason"]!.GetValue<string>());
        Assert.Equal(bestEpoch, outcome["best_epoch"]!.GetValue<int>());
        Assert.Equal(root.GetProperty("val_nll_per_note").GetDouble(), outcome["best_validation_nll_per_note"]!.GetValue<double>());
        var history = File.ReadAllLines(Path.Combine(model, "history.csv"));
        Assert.EndsWith(",best,without_improvement", history[0]);
        Assert.EndsWith(",1,0", history[bestEpoch]);
        Assert.EndsWith(",0,5", history[^1]);
    }

    [Fact]
    public void The_summary_and_progress_lines_say_the_best_point_and_why_training_stopped()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        string model = tmp.Combine("m");
        var (code, output, error) = Invoke(["train", data, "--out", model, "--epochs", "2", .. Tiny]);
        Assert.Equal(0, code);
        Assert.Contains("budget: at most 2 epochs, patience 5 validations (min-delta 0.001), no time limit; validation each epoch (auto", output);
        Assert.Matches(@"best epoch \d \(step [\d,]+\), validation NLL \d\.\d{4}/note; 2 epochs run in \S+; stopped: max-epochs \(reached the limit of 2 epochs\)", output);
        Assert.Contains("epoch 1/2 step 10: train", error);
        Assert.Contains("new best", error);
        Assert.Equal("max-epochs", Outcome(model)["stop_reason"]!.GetValue<string>());

        // Resumed with more epochs and a time budget already spent by the first session: it stops at once, by time.
        var (resumed, json, _) = Invoke("train", data, "--out", model, "--resume", "--epochs", "4", "--time", "0.001s", "--json");
        Assert.Equal(0, resumed);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal("time", root.GetProperty("stop_reason").GetString());
        Assert.Equal(0.001, root.GetProperty("time_limit_s").GetDouble());
        Assert.Equal(2, root.GetProperty("epochs_run").GetDouble());
        Assert.Equal("time", Outcome(model)["stop_reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("--time 10", "--time '10': expected a duration such as 90s, 10m, 1h or 1h30m")]
    [InlineData("--val-every often", "--val-every 'often': expected auto, epoch or a number of steps")]
    [InlineData("--val-every -3", "--val-every '-3'")]
    [InlineData("--min-delta -1", "--min-delta must be 0 or a positive number")]
    [InlineData("--val-events -1", "--val-events must be 0 (all) or positive")]
    [InlineData("--model original --val-events 1000", "--val-events applies to --model categorical or transformer only")]
    public void Bad_budget_options_are_one_line_errors(string options, string expected)
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        CommandRunner.AssertOneLineError(Invoke(["train", data, "--out", tmp.Combine("m"), .. options.Split(' ')]), expected);
        Assert.False(Directory.Exists(tmp.Combine("m")));
    }

    [Fact]
    public void On_resume_the_budget_may_change_but_the_validation_subset_may_not()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        string model = tmp.Combine("m");
        Assert.Equal(0, Invoke(["train", data, "--out", model, "--epochs", "1", "--val-every", "epoch", "--json", .. Tiny]).ExitCode);
        CommandRunner.AssertOneLineError(Invoke("train", data, "--out", model, "--resume", "--val-events", "100"), "--val-events cannot change on --resume");
        var (code, output, _) = Invoke("train", data, "--out", model, "--resume", "--epochs", "3", "--patience", "0", "--min-delta", "0", "--val-every", "5", "--time", "1h", "--json");
        Assert.Equal(0, code);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal((5, 0, 3600.0), (root.GetProperty("validation_every_steps").GetInt32(), root.GetProperty("patience").GetInt32(), root.GetProperty("time_limit_s").GetDouble()));
        Assert.Equal("max-epochs", root.GetProperty("stop_reason").GetString());
        Assert.Equal(3, root.GetProperty("epochs_run").GetDouble());
    }
}
