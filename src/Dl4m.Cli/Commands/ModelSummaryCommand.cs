using System.CommandLine;
using Dl4m.Nn;

namespace Dl4m.Cli.Commands;

/// <summary>
/// `dl4m model summary [--config config.json] [--json]`: a Keras-style table of layers, output
/// shapes and parameter counts (the default model when no config is given).
/// </summary>
internal static class ModelSummaryCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "A model config.json (default: the original LSTM(48) → Dense(24) → Dense(3))." };
        var json = CommonOptions.Json();
        var command = new Command("summary", "Print a Keras-style table of a model's layers and parameter counts.") { config, json };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(config);
            var model = file is null ? ModelConfig.Seed : ModelConfigJson.Load(file.FullName);
            var names = model.LayerNames();
            var rows = new List<(string Name, string Type, int?[] Shape, long Params)>();
            bool sequence = true;
            for (int i = 0; i < model.Layers.Count; i++)
            {
                var layer = model.Layers[i];
                if (layer.Kind == LayerKind.Lstm) sequence = layer.ReturnSequences;
                int?[] shape = sequence ? [null, null, layer.Units] : [null, layer.Units];
                rows.Add((names[i], layer.Kind == LayerKind.Lstm ? "LSTM" : "Dense", shape, model.ParameterCount(i)));
            }
            long total = model.ParameterCount();
            if (parse.GetValue(json))
            {
                JsonOutput.Print(new
                {
                    InputShape = new int?[] { null, null, model.InputSize },
                    Layers = rows.Select(r => new { r.Name, r.Type, OutputShape = r.Shape, r.Params }),
                    TotalParams = total,
                    TrainableParams = total,
                    NonTrainableParams = 0,
                });
                return 0;
            }
            string rule = new('_', 65), doubleRule = new('=', 65);
            Console.WriteLine("Model: \"sequential\"");
            Console.WriteLine(rule);
            Console.WriteLine($" {"Layer (type)",-27} {"Output Shape",-25} {"Param #"}");
            Console.WriteLine(doubleRule);
            for (int i = 0; i < rows.Count; i++)
            {
                var r = rows[i];
                string shape = "(" + string.Join(", ", r.Shape.Select(d => d?.ToString() ?? "None")) + ")";
                Console.WriteLine($" {$"{r.Name} ({r.Type})",-27} {shape,-25} {r.Params:N0}");
                Console.WriteLine();
                if (i < rows.Count - 1) Console.WriteLine(rule);
            }
            Console.WriteLine(doubleRule);
            Console.WriteLine($"Total params: {total:N0}");
            Console.WriteLine($"Trainable params: {total:N0}");
            Console.WriteLine("Non-trainable params: 0");
            Console.WriteLine(rule);
            return 0;
        });
        return command;
    }
}
