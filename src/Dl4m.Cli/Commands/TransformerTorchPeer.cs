namespace Dl4m.Cli.Commands;

/// <summary>
/// The PyTorch peer of `bench train --model transformer` and `bench generate --model transformer`:
/// tools/torch_transformer_bench.py (in this repository, as it mirrors dl4m's transformer), run like
/// <see cref="TorchPeer"/>. A peer that is missing or fails does not abort the benchmark.
/// </summary>
internal static class TransformerTorchPeer
{
    public const string ScriptPath = "tools/torch_transformer_bench.py";

    public static PeerResult Run(string? scriptOverride, params string[] arguments) =>
        TorchPeer.RunScript(() => PeerScript.LocateInRepository(ScriptPath, scriptOverride), ScriptPath, measuresGeneration: true, arguments);
}
