using System.CommandLine;
using System.Reflection;

namespace Dl4m.Cli.Commands;

/// <summary>`dl4m version`: the tool's version and runtime, so bug reports say what ran.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var json = CommonOptions.Json();
        var command = new Command("version", "Print dl4m's version and the .NET runtime it runs on.") { json };
        command.SetAction(parse =>
        {
            string version = typeof(Dl4mException).Assembly
                .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            var stdout = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
                JsonOutput.Print(stdout, new { Version = version, Runtime = Environment.Version.ToString(), Cores = Environment.ProcessorCount });
            else
                stdout.WriteLine($"dl4m {version} (.NET {Environment.Version}, {Environment.ProcessorCount} cores)");
            return 0;
        });
        return command;
    }
}
