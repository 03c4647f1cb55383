namespace Dl4m.Cli.Commands;

/// <summary>
/// The PyTorch peer of `bench train --model categorical`: tools/torch_categorical_bench.py (in this repository,
/// as it mirrors dl4m's categorical model), run like <see cref="TorchPeer"/>. A peer that is missing or fails
/// does not abort the benchmark.
/// </summary>
internal static class CategoricalTorchPeer
{
    public const string ScriptPath = "tools/torch_categorical_bench.py";

    public static PeerResult Run(string? scriptOverride, params string[] arguments) =>
        TorchPeer.RunScript(() => PeerScript.LocateInRepository(ScriptPath, scriptOverride), ScriptPath, measuresGeneration: false, arguments);
}
