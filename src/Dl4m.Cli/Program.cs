using System.CommandLine;
using Dl4m.Cli;
using Dl4m.Cli.Commands;

// Each command lives in its own file under Commands/ and is registered here, in pipeline order.
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
return CliRunner.Run(root, args);
