using System.CommandLine;
using Dl4m.Cli;

namespace Dl4m.Tests.Cli;

/// <summary>
/// Runs commands through <see cref="CliRunner"/> (so intended errors become the tool's one-line message and exit code)
/// with the process console captured: test classes using it must not run in parallel with each other
/// (they share the PrepareCommandTests collection).
/// </summary>
internal static class ConsoleCommandRunner
{
    public static (int ExitCode, string Output, string Error) Run(Command[] commands, params string[] args)
    {
        var root = new RootCommand();
        foreach (var command in commands) root.Subcommands.Add(command);
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            return (CliRunner.Run(root, args), stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    /// <summary>Exit code 1 and exactly one stderr line "dl4m: error: …" containing <paramref name="expected"/>.</summary>
    public static void AssertOneLineError((int ExitCode, string Output, string Error) result, string expected)
    {
        Assert.Equal(CliRunner.InputError, result.ExitCode);
        string line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("dl4m: error: ", line);
        Assert.Contains(expected, line);
    }
}
