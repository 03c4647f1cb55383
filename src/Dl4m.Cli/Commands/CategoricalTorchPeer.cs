namespace Dl4m.Cli.Commands;

/// <summary>
/// The PyTorch peer of `bench train --model categorical`: tools/torch_categorical_bench.py (in this repository,
/// as it mirrors dl4m's categorical model), run through <see cref="PeerScript"/>. A peer that is missing or fails
/// does not abort the benchmark.
/// </summary>
internal static class CategoricalTorchPeer
{
    public const string ScriptPath = "tools/torch_categorical_bench.py";

    public static PeerResult Run(string? scriptOverride, params string[] arguments)
    {
        try
        {
            var root = PeerScript.Run(PeerScript.LocateInRepository(ScriptPath, scriptOverride), arguments);
            return new PeerResult(root.GetProperty("version").GetString(), root.GetProperty("threads").GetInt32(),
                root.GetProperty("train_windows_per_s").GetDouble(), 0, null);
        }
        catch (Dl4mException e)
        {
            return PeerResult.Failed(e.Message);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
        {
            return PeerResult.Failed($"peer {ScriptPath} failed: {e.Message}");
        }
    }
}
