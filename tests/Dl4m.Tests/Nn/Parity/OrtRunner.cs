using Microsoft.ML.OnnxRuntime;

namespace Dl4m.Tests.Nn.Parity;

/// <summary>Runs an exported .onnx file in onnxruntime (CPU) on one (B,T,F) input.</summary>
internal static class OrtRunner
{
    public static (float[] Output, long[] Shape) Run(string onnxPath, float[] x, int batch, int time, int features)
    {
        using var session = new InferenceSession(onnxPath);
        using var input = OrtValue.CreateTensorValueFromMemory(x, [batch, time, features]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input"], [input], ["output"]);
        var output = outputs[0];
        return (output.GetTensorDataAsSpan<float>().ToArray(), output.GetTensorTypeAndShape().Shape);
    }
}
