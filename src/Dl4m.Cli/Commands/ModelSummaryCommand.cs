using System.CommandLine;
using System.Globalization;
using Dl4m.Categorical;
using Dl4m.Families;
using Dl4m.Families.Categorical;
using Dl4m.Nn;
using Dl4m.Nn.Transformer;
using Dl4m.Training;

namespace Dl4m.Cli.Commands;

/// <summary>
/// `dl4m model summary [MODEL_DIR] [--config config.json] [--json]`: a Keras-style table of layers, output
/// shapes and parameter counts (the default model when no config is given); for a categorical model folder
/// (one with encoding.json beside config.json) also its encoding: heads, input/output sizes, labels, key
/// normalisation, and the label smoothing from train.json.
/// </summary>
internal static class ModelSummaryCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "A model config.json (default: the original LSTM(48) → Dense(24) → Dense(3))." };
        var folderArgument = new Argument<string?>("model-dir") { Description = "A model folder (reads its config.json, and encoding.json for a categorical model).", Arity = ArgumentArity.ZeroOrOne };
        var json = CommonOptions.Json();
        var command = new Command("summary", "Print a Keras-style table of a model's layers and parameter counts.") { folderArgument, config, json };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var file = parse.GetValue(config);
            string? folder = parse.GetValue(folderArgument);
            if (folder is not null && file is not null) throw new Dl4mException("give a model folder or --config, not both");
            if (folder is not null && !Directory.Exists(folder)) throw new Dl4mException($"model folder '{folder}' does not exist");
            string? configPath = folder is not null ? Path.Combine(folder, ModelStore.ConfigFileName) : file?.FullName;
            var transformer = configPath is not null && TransformerStore.IsTransformerConfig(configPath) ? TransformerConfigJson.Load(configPath) : null;
            var model = configPath is null ? ModelConfig.Seed : transformer is null ? ModelConfigJson.Load(configPath) : null;
            // A model folder's family is train.json's (ModelFamilies.OfFolder); a categorical one shows its encoding.json and
            // how it was smoothed. A config file of another name is a bare architecture: nothing beside it is read.
            string? modelFolder = configPath is not null && Path.GetFileName(configPath) == ModelStore.ConfigFileName
                ? Path.GetDirectoryName(Path.GetFullPath(configPath))
                : null;
            var encoding = modelFolder is not null && ModelFamilies.OfFolder(modelFolder).Kind is var kind && (kind == ModelKind.Categorical || kind == ModelKind.Transformer)
                ? CategoricalEncodingJson.TryLoad(modelFolder)
                : null;
            var options = encoding is not null && File.Exists(Path.Combine(modelFolder!, Trainer.RecordFileName))
                ? Trainer.ReadRecord(modelFolder!).Options
                : null;
            var rows = model is not null ? LayerRows(model) : TransformerRows(transformer!);
            long total = model?.ParameterCount() ?? transformer!.ParameterCount();
            int inputSize = model?.InputSize ?? transformer!.InputSize;
            if (parse.GetValue(json))
            {
                JsonOutput.Print(stdout, new
                {
                    InputShape = new int?[] { null, null, inputSize },
                    Layers = rows.Select(r => new { r.Name, r.Type, OutputShape = r.Shape, r.Params }),
                    TotalParams = total,
                    TrainableParams = total,
                    NonTrainableParams = 0,
                    Encoding = encoding is null ? null : new
                    {
                        Notes = encoding.Notes == NoteTarget.Pitch ? "pitch" : "interval",
                        encoding.NoteClasses,
                        IntervalRange = encoding.Notes == NoteTarget.Interval ? encoding.IntervalRange : (int?)null,
                        Heads = encoding.Groups.Select(g => new { g.Name, Kind = g.Kind == HeadKind.Classes ? "classes" : "regression", g.Offset, g.Width }),
                        encoding.InputSize,
                        encoding.OutputSize,
                        encoding.Labels,
                        encoding.NormalizeKey,
                        encoding.LookbackBars,
                        Smoothing = (options?.Family as CategoricalTokenOptions)?.Smoothing,
                        SmoothingTemperature = (options?.Family as CategoricalTokenOptions)?.SmoothingTemperature,
                    },
                });
                return 0;
            }
            string rule = new('_', 65), doubleRule = new('=', 65);
            stdout.WriteLine(transformer is null ? "Model: \"sequential\"" : $"Model: \"transformer\" ({transformer.Describe()})");
            stdout.WriteLine(rule);
            stdout.WriteLine($" {"Layer (type)",-27} {"Output Shape",-25} {"Param #"}");
            stdout.WriteLine(doubleRule);
            for (int i = 0; i < rows.Count; i++)
            {
                var r = rows[i];
                string shape = "(" + string.Join(", ", r.Shape.Select(d => d?.ToString() ?? "None")) + ")";
                stdout.WriteLine($" {$"{r.Name} ({r.Type})",-27} {shape,-25} {r.Params:N0}");
                stdout.WriteLine();
                if (i < rows.Count - 1) stdout.WriteLine(rule);
            }
            stdout.WriteLine(doubleRule);
            stdout.WriteLine($"Total params: {total:N0}");
            stdout.WriteLine($"Trainable params: {total:N0}");
            stdout.WriteLine("Non-trainable params: 0");
            stdout.WriteLine(rule);
            if (encoding is not null) PrintEncoding(stdout, encoding, options);
            return 0;
        });
        return command;
    }

    private static List<(string Name, string Type, int?[] Shape, long Params)> LayerRows(ModelConfig model)
    {
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
        return rows;
    }

    /// <summary>The transformer's tensors grouped as its weights file names them: embedding, each block, final norm, output.</summary>
    private static List<(string Name, string Type, int?[] Shape, long Params)> TransformerRows(TransformerConfig config)
    {
        long d = config.Width;
        long embedding = config.InputSize * d + d, output = d * config.OutputSize + config.OutputSize;
        long block = (config.ParameterCount() - embedding - output - 2 * d) / config.Layers;
        var rows = new List<(string Name, string Type, int?[] Shape, long Params)> { ("embedding", "Dense", [null, null, config.Width], embedding) };
        for (int l = 1; l <= config.Layers; l++) rows.Add(($"block_{l}", "TransformerBlock", [null, null, config.Width], block));
        rows.Add(("final_norm", "LayerNorm", [null, null, config.Width], 2 * d));
        rows.Add(("output", "Dense", [null, null, config.OutputSize], output));
        return rows;
    }

    private static void PrintEncoding(TextWriter stdout, CategoricalEncoding e, TrainingOptions? options)
    {
        var inv = CultureInfo.InvariantCulture;
        stdout.WriteLine($"Categorical encoding ({CategoricalEncodingJson.FileName}):");
        stdout.WriteLine($"  note head: {(e.Notes == NoteTarget.Pitch ? "pitch" : $"interval ±{e.IntervalRange}")}, {e.NoteClasses} classes");
        foreach (var g in e.Groups.Skip(1))
            stdout.WriteLine($"  {g.Name} head: {(g.Kind == HeadKind.Classes ? $"{g.Width} classes" : "regression (z-score)")}");
        stdout.WriteLine($"  input size: {e.InputSize} (pitch {CategoricalEncoding.Pitches} + velocity {e.VelocityBins} + Δtime {e.Delta.Count} + duration {e.Duration.Count} + bar position {e.BarPositions} + lookback {e.LookbackWidth} + labels {e.Labels.Count})");
        stdout.WriteLine($"  time: beats on a 1/{e.StepsPerBeat}-beat grid; corpus median tempo {e.MedianBpm:0.##} bpm");
        stdout.WriteLine($"  output size: {e.OutputSize}");
        stdout.WriteLine($"  labels: {(e.Labels.Count == 0 ? "none" : string.Join(", ", e.Labels))}");
        stdout.WriteLine($"  normalize-key: {(e.NormalizeKey ? "yes (C major / A minor)" : "no")}");
        stdout.WriteLine($"  lookback bars: {(e.LookbackBars.Count == 0 ? "none" : string.Join(",", e.LookbackBars))}");
        if (options?.Family is CategoricalTokenOptions own)
            stdout.WriteLine(string.Create(inv, $"  smoothing: {own.Smoothing} (τ {own.SmoothingTemperature})"));
    }
}
