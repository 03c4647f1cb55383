using System.Text.Json;
using Dl4m.Cli.Commands;

namespace Dl4m.Tests.Cli;

/// <summary>`bench train --model transformer` and `bench generate --model transformer` on a tiny shape, with and without the PyTorch peer.</summary>
public class BenchTransformerTests
{
    [Fact]
    public void Train_bench_reports_shape_throughput_and_peak_share()
    {
        var (exit, stdout, stderr) = CommandRunner.Run("bench", "train", "--model", "transformer", "--width", "16", "--heads", "2", "--blocks", "1",
            "--ff", "32", "--lookback", "8", "--batch", "4", "--threads", "2", "--steps", "3", "--no-peer", "--json");
        Assert.True(exit == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("transformer", root.GetProperty("model").GetString());
        Assert.StartsWith("Transformer(D 16, 2 heads, 1 blocks, FF 32, context 8", root.GetProperty("layers").GetString());
        Assert.Equal(323, root.GetProperty("input_size").GetInt32());
        Assert.Equal(2, root.GetProperty("runs").GetArrayLength());
        Assert.True(root.GetProperty("runs")[1].GetProperty("windows_per_s").GetDouble() > 0);
        Assert.True(root.GetProperty("runs")[1].GetProperty("percent_of_peak").GetDouble() > 0);
        Assert.False(root.TryGetProperty("peer", out _));
    }

    [Fact]
    public void Generate_bench_reports_cached_steps()
    {
        var (exit, stdout, stderr) = CommandRunner.Run("bench", "generate", "--model", "transformer", "--notes", "300", "--no-peer", "--json");
        Assert.True(exit == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(300, root.GetProperty("steps").GetInt32());
        Assert.True(root.GetProperty("steps_per_s").GetDouble() > 0);
        Assert.Equal("fp32", root.GetProperty("weights").GetString());
        Assert.Equal(Environment.ProcessorCount == 1 ? 1 : 2, root.GetProperty("runs").GetArrayLength()); // 1 thread and all cores
    }

    [Fact]
    public void Generate_bench_times_bf16_weights_when_asked_and_only_for_the_transformer()
    {
        var (exit, stdout, stderr) = CommandRunner.Run("bench", "generate", "--model", "transformer", "--notes", "200", "--threads", "2", "--weights", "bf16", "--no-peer");
        Assert.True(exit == 0, stderr);
        Assert.Contains("cached-step weights: bf16", stdout);
        Assert.Contains("scaling 1 → 2 threads", stdout);
        var (refused, _, error) = CommandRunner.Run("bench", "generate", "--model", "categorical", "--weights", "bf16", "--no-peer");
        Assert.NotEqual(0, refused);
        Assert.Contains("--weights", error);
    }

    [Fact]
    public void The_peer_runs_at_the_same_shape_when_torch_is_there()
    {
        if (!File.Exists("/usr/bin/python3")) return; // the peer is optional; its absence is reported, not thrown (below)
        var (exit, stdout, stderr) = CommandRunner.Run("bench", "train", "--model", "transformer", "--width", "16", "--heads", "2", "--blocks", "1",
            "--ff", "32", "--lookback", "8", "--batch", "4", "--threads", "1", "--steps", "3", "--json");
        Assert.True(exit == 0, stderr);
        var peer = JsonDocument.Parse(stdout).RootElement.GetProperty("peer");
        if (!peer.TryGetProperty("error", out var error) || error.ValueKind == JsonValueKind.Null)
            Assert.True(peer.GetProperty("train_windows_per_s").GetDouble() > 0);
        var missing = TransformerTorchPeer.Run("/nonexistent/torch_transformer_bench.py", "--threads", "1");
        Assert.False(missing.Ran);
    }
}
