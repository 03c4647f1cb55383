namespace Dl4m.Cli.Commands;

/// <summary>What the PyTorch peer benchmark printed (or why it did not run).</summary>
internal sealed record PeerResult(
    string? Version, int Threads, double TrainWindowsPerSecond, double GenerateNotesPerSecond, string? Error)
{
    public bool Ran => Error is null;

    public static PeerResult Failed(string why) => new(null, 0, 0, 0, why);
}
