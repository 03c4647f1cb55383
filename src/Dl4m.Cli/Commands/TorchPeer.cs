namespace Dl4m.Cli.Commands;

/// <summary>
/// The PyTorch peer of `bench train` and `bench generate`: ../shared/peers/torch_lstm_bench.py, run
/// through <see cref="PeerScript"/>. A peer that is missing or fails does not abort the benchmark:
/// our own figures are still printed, with the reason the peer did not run.
/// </summary>
internal static class TorchPeer
{
    public const string ScriptName = "torch_lstm_bench.py";

    /// <summary>Runs the peer with these arguments (e.g. "--lookback 32 --batch 64 --threads 2").</summary>
    public static PeerResult Run(string? scriptOverride, params string[] arguments) =>
        RunScript(() => PeerScript.Locate(ScriptName, scriptOverride), ScriptName, measuresGeneration: true, arguments);

    /// <summary>
    /// Locates and runs a PyTorch peer script and reads its JSON (version, threads, train_windows_per_s, and
    /// generate_notes_per_s when <paramref name="measuresGeneration"/>, else 0); a failure or a missing field becomes a
    /// failed result.
    /// </summary>
    public static PeerResult RunScript(Func<string> locate, string name, bool measuresGeneration, string[] arguments)
    {
        try
        {
            var root = PeerScript.Run(locate(), arguments);
            return new PeerResult(
                root.GetProperty("version").GetString(),
                root.GetProperty("threads").GetInt32(),
                root.GetProperty("train_windows_per_s").GetDouble(),
                measuresGeneration ? root.GetProperty("generate_notes_per_s").GetDouble() : 0,
                null);
        }
        catch (Dl4mException e)
        {
            return PeerResult.Failed(e.Message);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
        {
            return PeerResult.Failed($"peer {name} failed: {e.Message}");
        }
    }
}
