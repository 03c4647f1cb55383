using Dl4m.Cli;

namespace Dl4m.Tests.Cli;

/// <summary>
/// The one way tests run the tool: its whole command tree (<see cref="CliRoot"/>) through <see cref="CliRunner"/>, as the
/// process does, in-process with its own output and error writers. Intended errors come back as the tool prints them
/// (exit code 1, one "dl4m: error: …" line); since no command writes to <see cref="Console"/>, tests using it may run in
/// parallel. A child process (<see cref="ToolProcess"/>) is kept only where the process itself is under test.
/// </summary>
internal static class CommandRunner
{
    /// <summary>Runs `dl4m args…` and returns its exit code, standard output and standard error.</summary>
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        int code = CliRunner.Run(CliRoot.Create(), args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Exit code 1 and exactly one stderr line "dl4m: error: …" containing <paramref name="expected"/>; returns the line.</summary>
    public static string AssertOneLineError((int ExitCode, string Output, string Error) result, string expected)
    {
        Assert.True(result.ExitCode == CliRunner.InputError, $"exit code {result.ExitCode}, stderr: {result.Error}");
        string line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("dl4m: error: ", line);
        Assert.Contains(expected, line);
        return line;
    }

    /// <summary>Exit code 0, with standard error in the failure message otherwise; returns standard output.</summary>
    public static string AssertSuccess((int ExitCode, string Output, string Error) result)
    {
        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}, stderr: {result.Error}");
        return result.Output;
    }
}
