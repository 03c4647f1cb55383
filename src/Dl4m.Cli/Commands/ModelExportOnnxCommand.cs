using System.CommandLine;
using Dl4m.IO;
using Dl4m.Nn;
using Dl4m.Nn.Onnx;
using Dl4m.Nn.Transformer;

namespace Dl4m.Cli.Commands;

/// <summary>
/// `dl4m model export-onnx &lt;model-dir&gt; [--out model.onnx] [--json]`: writes a saved model's
/// inference graph as a standard ONNX file (opset 17), for onnxruntime or any other ONNX runtime.
/// </summary>
internal static class ModelExportOnnxCommand
{
    public static Command Create()
    {
        var modelDir = new Argument<DirectoryInfo>("model-dir") { Description = $"A model folder ({ModelStore.ConfigFileName} + {ModelStore.WeightsFileName}), as training saves it." };
        var output = CommonOptions.Out("The .onnx file to write (default: model.onnx inside the model folder). Its folder must exist.", optional: true);
        var force = CommonOptions.Force("Replace an existing .onnx file.");
        var json = CommonOptions.Json();
        var command = new Command("export-onnx", "Export a saved model's inference graph to ONNX (standard LSTM, Gemm, MatMul ops; opset 17).") { modelDir, output, force, json };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var folder = parse.GetValue(modelDir)!;
            string path = parse.GetValue(output) is { } given ? Path.GetFullPath(given) : Path.Combine(folder.FullName, "model.onnx");
            bool replace = parse.GetValue(force);
            OutputFile.CheckNew(path, replace); // before loading the model: refuse at once
            if (TransformerStore.IsTransformer(folder.FullName)) return ExportTransformer(stdout, folder.FullName, path, replace, parse.GetValue(json));
            using var model = ModelStore.Load(folder.FullName);
            OnnxExporter.Export(model, path, replace);

            var config = model.Config;
            int?[] inputShape = [null, null, config.InputSize];
            int?[] outputShape = config.OutputIsSequence ? [null, null, config.OutputSize] : [null, config.OutputSize];
            return Report(stdout, parse.GetValue(json), folder.FullName, path, config.Describe(), config.ParameterCount(), inputShape, outputShape, "");
        });
        return command;
    }

    /// <summary>A transformer folder: its full-window forward pass, (batch, context, F) → (batch, context, O).</summary>
    private static int ExportTransformer(TextWriter stdout, string folder, string path, bool replace, bool json)
    {
        using var network = TransformerStore.Load(folder);
        TransformerOnnxExporter.Export(network, path, replace);
        var config = network.Config;
        int?[] inputShape = [null, config.Context, config.InputSize];
        int?[] outputShape = [null, config.Context, config.OutputSize];
        return Report(stdout, json, folder, path, config.Describe(), config.ParameterCount(), inputShape, outputShape,
            " (a shorter sequence: pad it at the end with zero rows)");
    }

    /// <summary>The summary of a written ONNX file, one JSON object with --json; the same for every network.</summary>
    private static int Report(TextWriter stdout, bool json, string folder, string path, string layers, long parameters,
        int?[] inputShape, int?[] outputShape, string inputNote)
    {
        long bytes = new FileInfo(path).Length;
        if (json)
        {
            JsonOutput.Print(stdout, new
            {
                Model = folder,
                Out = path,
                Bytes = bytes,
                Opset = OnnxExporter.Opset,
                IrVersion = OnnxExporter.IrVersion,
                Layers = layers,
                Parameters = parameters,
                Input = new { Name = OnnxExporter.InputName, Shape = inputShape },
                Output = new { Name = OnnxExporter.OutputName, Shape = outputShape },
            });
            return 0;
        }
        stdout.WriteLine($"wrote {path} ({bytes:N0} bytes, ONNX opset {OnnxExporter.Opset})");
        stdout.WriteLine($"  model:  {layers}, {parameters:N0} parameters");
        stdout.WriteLine($"  input:  {OnnxExporter.InputName} {ShapeText(inputShape)} float32{inputNote}");
        stdout.WriteLine($"  output: {OnnxExporter.OutputName} {ShapeText(outputShape)} float32");
        return 0;
    }

    private static string ShapeText(int?[] shape) =>
        "(" + string.Join(", ", shape.Select((d, i) => d?.ToString() ?? (i == 0 ? "batch" : "time"))) + ")";
}
