using Xunit.Abstractions;
using Dl4m.Nn.Onnx;
using Dl4m.Nn.Transformer;
using Dl4m.Tests.Nn.Parity;

namespace Dl4m.Tests.Nn;

/// <summary>
/// The transformer's ONNX graph (relative logits by the paper's pad-reshape-slice skewing) run in onnxruntime against
/// our forward pass, |ours − onnxruntime| ≤ 1e-5·max(1, |onnxruntime|): full windows, and a shorter sequence padded at the end.
/// </summary>
public sealed class TransformerOnnxExportTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Exported_graph_in_onnxruntime_matches_our_forward_pass(int layers)
    {
        var config = TransformerTests.Small with { Layers = layers };
        using var network = TransformerNetwork.Create(config, seed: 31);
        // larger relative embeddings than the initialisation, so a wrong skew would show
        var random = new Random(32);
        foreach (var p in network.Parameters.Where(p => p.Name.EndsWith("relative", StringComparison.Ordinal)))
            for (int i = 0; i < p.Data.Length; i++) p.Data[i] = (float)(random.NextDouble() - 0.5);
        string path = folder.Combine($"transformer_{layers}.onnx");
        TransformerOnnxExporter.Export(network, path);

        int batch = 3, t = config.Context;
        var x = TransformerTests.MultiHot(batch, t, seed: 33);
        var (ort, shape) = OrtRunner.Run(path, x, batch, t, config.InputSize);
        Assert.Equal([batch, t, config.OutputSize], shape);
        var tolerance = new ParityTolerance(1e-5);
        tolerance.Check("full windows", network.Predict(x, batch, t), ort.Select(v => (double)v).ToArray());

        // 5 real steps, the rest zero: the first 5 outputs are those of a 5-step forward pass
        int n = 5;
        var padded = new float[t * config.InputSize];
        x.AsSpan(0, n * config.InputSize).CopyTo(padded);
        var (ortPadded, _) = OrtRunner.Run(path, padded, 1, t, config.InputSize);
        tolerance.Check("padded sequence", network.Predict(x.AsSpan(0, n * config.InputSize), 1, n),
            ortPadded.Take(n * config.OutputSize).Select(v => (double)v).ToArray());
        output.WriteLine($"{layers} block(s) vs onnxruntime: {tolerance}");
        tolerance.AssertAllWithin();
    }
}
