using System.CommandLine;

namespace Dl4m.Tests.Cli;

/// <summary>Invokes one command as the tool would, with standard output captured (not the process console, so tests may run in parallel).</summary>
internal static class CommandRunner
{
    public static (int ExitCode, string Output) Invoke(Command command, params string[] args)
    {
        var root = new RootCommand { command };
        var output = new StringWriter();
        var config = new InvocationConfiguration { Output = output, Error = new StringWriter(), EnableDefaultExceptionHandler = false };
        int code = root.Parse(args).Invoke(config);
        return (code, output.ToString());
    }
}
