using System.Diagnostics;

namespace Dl4m.Tests;

/// <summary>
/// Runs the built tool (dl4m.dll beside the tests) as a child process, as a user's shell would. Only for tests about the
/// process itself: the exit code and stderr of the real tool (TrainCommandTests.Through_the_tool_bad_input_is_one_line_and_exit_1)
/// and signals (KillTests). Everything else runs in-process through <see cref="Cli.CommandRunner"/>.
/// </summary>
internal static class ToolProcess
{
    /// <summary>A start description for `dotnet dl4m.dll args…` with both output streams redirected.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dl4m.dll"));
        foreach (string a in args) start.ArgumentList.Add(a);
        return start;
    }

    /// <summary>Runs the tool to the end and returns its exit code, standard output and standard error.</summary>
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var stderr = process.StandardError.ReadToEndAsync(); // read both streams at once: neither pipe can fill up
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }
}
