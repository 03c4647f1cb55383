using System.Text.Json;
using Dl4m.Cli.Commands;

namespace Dl4m.Tests.Cli;

public class BenchTrainCategoricalTests
{
    [Fact]
    public void Categorical_bench_reports_the_default_encoding_shapes()
    {
        var (exit, stdout, stderr) = CommandRunner.Run("bench", "train", "--model", "categorical", "--hidden", "8", "--lookback", "4",
            "--batch", "4", "--threads", "1", "--steps", "3", "--no-peer", "--json");
        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal("categorical", root.GetProperty("model").GetString());
        Assert.Equal(323, root.GetProperty("input_size").GetInt32()); // 128 + 16 + 40 + 40 + 96 bar positions + 3 labels
        Assert.Equal(224, root.GetProperty("output_size").GetInt32());
        var run = root.GetProperty("runs")[0];
        Assert.True(run.GetProperty("windows_per_s").GetDouble() > 0);
        Assert.True(run.TryGetProperty("allocated_bytes_per_step", out _)); // its value: AllocationTests (a 3-step run may see the runtime's own)
        Assert.False(root.TryGetProperty("peer", out _)); // --no-peer
        Assert.Equal("carry", root.GetProperty("state").GetString()); // as dl4m train --model categorical
    }

    [Fact]
    public void State_reset_times_windows_from_zero_and_is_only_for_the_categorical_model()
    {
        var (exit, stdout, stderr) = CommandRunner.Run("bench", "train", "--model", "categorical", "--hidden", "8", "--lookback", "4",
            "--batch", "4", "--threads", "2", "--steps", "3", "--no-peer", "--state", "reset", "--json");
        Assert.True(exit == 0, stderr);
        Assert.Equal("reset", JsonDocument.Parse(stdout).RootElement.GetProperty("state").GetString());
        (exit, _, stderr) = CommandRunner.Run("bench", "train", "--state", "carry", "--no-peer");
        Assert.Equal(1, exit);
        Assert.Equal("dl4m: error: --state applies to --model categorical only", stderr.Trim());
    }

    [Fact]
    public void Lookback_inputs_time_every_representation_in_one_run_relative_to_the_first()
    {
        var (exit, stdout, stderr) = CommandRunner.Run("bench", "train", "--model", "categorical", "--hidden", "8", "--lookback", "4",
            "--batch", "4", "--threads", "1", "--steps", "3", "--no-peer", "--lookback-inputs", "none,pitch,copy,match", "--json");
        Assert.True(exit == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(323, root.GetProperty("input_size").GetInt32()); // the first is the run reported at the top
        var representations = root.GetProperty("representations").EnumerateArray().ToArray();
        Assert.Equal(["none", "pitch", "copy", "match"], representations.Select(r => r.GetProperty("lookback_inputs").GetString()));
        Assert.Equal([323, 323 + 4 * 128, 323 + 4 * 224, 323 + 4 * (16 + 4)], representations.Select(r => r.GetProperty("input_size").GetInt32()));
        Assert.Equal("LSTM(8, sequences) → Dense(240) → Copy(224 logits, 16 gates)", representations[2].GetProperty("layers").GetString());
        Assert.Equal("LSTM(8, sequences, first 387 inputs) → Dense(240) → Copy(224 logits, 16 gates, indexed)", representations[3].GetProperty("layers").GetString());
        Assert.Equal(1.0, representations[0].GetProperty("runs")[0].GetProperty("relative_to_first").GetDouble());
        Assert.True(representations[2].GetProperty("runs")[0].GetProperty("windows_per_s").GetDouble() > 0);

        (exit, _, stderr) = CommandRunner.Run("bench", "train", "--model", "categorical", "--lookback-inputs", "copy,tokens", "--no-peer");
        Assert.Equal(1, exit);
        Assert.Equal("dl4m: error: --lookback-inputs 'copy,tokens': give distinct names among none, pitch, copy, match, comma-separated", stderr.Trim());
    }

    [Fact]
    public void Hidden_is_only_for_the_categorical_model()
    {
        var (exit, _, stderr) = CommandRunner.Run("bench", "train", "--hidden", "64", "--no-peer");
        Assert.Equal(1, exit);
        Assert.Equal("dl4m: error: --hidden applies to --model categorical only (the original model is LSTM(48))", stderr.Trim());
    }

    [Fact]
    public void Missing_categorical_peer_script_is_reported_not_thrown()
    {
        var result = CategoricalTorchPeer.Run("/nonexistent/torch_categorical_bench.py", "--threads", "1");
        Assert.False(result.Ran);
        Assert.Equal("--peer-script /nonexistent/torch_categorical_bench.py: no such file", result.Error);
    }
}
