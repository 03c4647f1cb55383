using System.CommandLine;

namespace Dl4m.Cli;

/// <summary>Options that several commands share, so each is spelled and described once.</summary>
internal static class CommonOptions
{
    /// <summary>--json: print one JSON object on standard output instead of the human summary.</summary>
    public static Option<bool> Json() => new("--json") { Description = "Print one JSON object instead of the human summary." };

    /// <summary>--threads: worker threads (default: all cores).</summary>
    public static Option<int> Threads() => new("--threads")
    {
        Description = "Worker threads (default: all cores).",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };
}
