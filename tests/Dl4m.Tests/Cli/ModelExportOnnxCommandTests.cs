using System.Text.Json;
using Dl4m.Nn;
using Dl4m.Tests.Nn.Parity;

namespace Dl4m.Tests.Cli;

/// <summary>`dl4m model export-onnx` through the real command tree (<see cref="CommandRunner"/>).</summary>
public sealed class ModelExportOnnxCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("dl4m-export-cli-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Exports_a_saved_model_that_onnxruntime_runs_like_the_model()
    {
        string modelDir = Path.Combine(folder, "model");
        using var model = Model.Create(ModelConfig.Seed, seed: 5);
        ModelStore.Save(model, modelDir);
        string onnx = Path.Combine(folder, "seed.onnx");

        var (exit, stdout, stderr) = RunDl4m("model", "export-onnx", modelDir, "--out", onnx, "--json");

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(onnx, json.RootElement.GetProperty("out").GetString());
        Assert.Equal(17, json.RootElement.GetProperty("opset").GetInt32());
        Assert.Equal(11_235, json.RootElement.GetProperty("parameters").GetInt64());
        Assert.Equal("[null,3]", json.RootElement.GetProperty("output").GetProperty("shape").GetRawText());
        float[] x = Enumerable.Range(0, 2 * 6 * 3).Select(i => MathF.Sin(i)).ToArray();
        var (actual, _) = OrtRunner.Run(onnx, x, batch: 2, time: 6, features: 3);
        var tolerance = new ParityTolerance(1e-5);
        tolerance.Check("export-onnx output", actual, model.Predict(x, 2, 6).Select(v => (double)v).ToArray());
        tolerance.AssertAllWithin();
    }

    [Fact]
    public void Default_output_is_model_onnx_inside_the_model_folder()
    {
        string modelDir = Path.Combine(folder, "model");
        using (var model = Model.Create(ModelConfig.Seed, seed: 5))
            ModelStore.Save(model, modelDir);

        var (exit, stdout, stderr) = RunDl4m("model", "export-onnx", modelDir);

        Assert.True(exit == 0, stderr);
        Assert.True(File.Exists(Path.Combine(modelDir, "model.onnx")));
        Assert.Contains("model.onnx", stdout);
    }

    [Fact]
    public void Missing_model_folder_is_one_error_line_naming_it()
    {
        string missing = Path.Combine(folder, "no-model");
        var (exit, _, stderr) = RunDl4m("model", "export-onnx", missing, "--out", Path.Combine(folder, "m.onnx"));

        Assert.Equal(1, exit);
        Assert.Equal($"dl4m: error: model folder {missing} does not exist", stderr.Trim());
        Assert.False(File.Exists(Path.Combine(folder, "m.onnx")));
    }

    [Fact]
    public void Truncated_weights_are_an_error_naming_the_file_and_nothing_is_written()
    {
        string modelDir = Path.Combine(folder, "model");
        using (var model = Model.Create(ModelConfig.Seed, seed: 5))
            ModelStore.Save(model, modelDir);
        string weights = Path.Combine(modelDir, ModelStore.WeightsFileName);
        byte[] bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]);

        var (exit, _, stderr) = RunDl4m("model", "export-onnx", modelDir, "--out", Path.Combine(folder, "m.onnx"));

        Assert.Equal(1, exit);
        Assert.StartsWith("dl4m: error: ", stderr);
        Assert.Contains(ModelStore.WeightsFileName, stderr);
        Assert.Contains("truncated", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.False(File.Exists(Path.Combine(folder, "m.onnx")));
    }

    private static (int Exit, string Stdout, string Stderr) RunDl4m(params string[] args) => Dl4m.Tests.Cli.CommandRunner.Run(args);
}
