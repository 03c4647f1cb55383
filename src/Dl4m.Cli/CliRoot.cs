using System.CommandLine;
using Dl4m.Cli.Commands;

namespace Dl4m.Cli;

/// <summary>The whole command tree, built in one place so the tool and the tests run the same commands.</summary>
internal static class CliRoot
{
    /// <summary>A new root with every command, registered in pipeline order (each command lives in its own file under Commands/).</summary>
    public static RootCommand Create()
    {
        var root = new RootCommand("dl4m: learn music from folders of MIDI files with LSTM networks, and write new music as MIDI.");
        foreach (var command in new[]
                 {
                     DemoCommand.Create(),
                     PrepareCommand.Create(),
                     InspectCommand.Create(),
                     TrainCommand.Create(),
                     GenerateCommand.Create(),
                     StudioCommand.Create(),
                     PlotCommand.Create(),
                     EvaluateCommand.Create(),
                     BaselineCommand.Create(),
                     ModelCommand.Create(),
                     LossPlotCommand.Create(),
                     BenchCommand.Create(),
                     VersionCommand.Create(),
                     MakeCorpusCommand.Create(),
                     RetimeCommand.Create(),
                 })
        {
            root.Subcommands.Add(command);
        }
        return root;
    }
}
