using System.CommandLine;

namespace Dl4m.Cli.Commands;

/// <summary>`dl4m model`: inspect model configs (subcommand: summary).</summary>
internal static class ModelCommand
{
    public static Command Create() => new("model", "Inspect model configs.") { ModelSummaryCommand.Create(), ModelExportOnnxCommand.Create() };
}
