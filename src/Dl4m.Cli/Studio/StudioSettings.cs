namespace Dl4m.Cli.Studio;

/// <summary>How <c>dl4m studio</c> runs: the model the page starts with, where it listens, its limits.</summary>
public sealed record StudioSettings
{
    /// <summary>The local interface: the studio reads model folders and writes files, so it is not for the network.</summary>
    public const string LocalHost = "127.0.0.1";

    /// <summary>Model folder the page starts with (null: the built-in model).</summary>
    public string? Model { get; init; }

    /// <summary>Address to bind.</summary>
    public string Host { get; init; } = LocalHost;

    /// <summary>Port to listen on; 0 picks a free one (tests).</summary>
    public int Port { get; init; } = 5000;

    /// <summary>Folder for the songs written (null: a new temporary folder, deleted when the server stops).</summary>
    public string? SongFolder { get; init; }

    /// <summary>Request bounds.</summary>
    public StudioLimits Limits { get; init; } = new();
}
