using System.CommandLine;

namespace Dl4m.Cli.Commands;

/// <summary>`dl4m bench …`: speed benchmarks, each side by side with its peer (the tool the original used).</summary>
internal static class BenchCommand
{
    /// <summary>The bench subcommands, one file each; adding a benchmark is one line here.</summary>
    private static Command[] Subcommands() =>
    [
        BenchParseCommand.Create(),
        BenchTrainCommand.Create(),
        BenchGenerateCommand.Create(),
    ];

    public static Command Create()
    {
        var command = new Command("bench", "Benchmarks: dl4m's speed next to its peer's on the same input (numbers, never pass/fail).");
        foreach (var subcommand in Subcommands()) command.Subcommands.Add(subcommand);
        return command;
    }
}
