using Dl4m.Nn;

namespace Dl4m.Tests.Nn.Parity;

/// <summary>
/// A deliberately naive Keras-semantics forward pass in double precision (plain loops, gates i, f, c, o),
/// written independently of the engine and of the exporter: an outside reference for both.
/// </summary>
internal static class ReferenceForward
{
    /// <summary>Runs the model on x (B,T,F); returns the output, (B,Out) or (B,T,Out), row-major.</summary>
    public static double[] Run(ModelConfig config, IReadOnlyList<NamedTensor> parameters, float[] x, int batch, int time)
    {
        var p = parameters.ToDictionary(t => t.Name, t => t.Data);
        var names = config.LayerNames();
        double[] value = x.Select(v => (double)v).ToArray(); // (B,T,F)
        bool sequence = true;
        int size = config.InputSize;
        for (int l = 0; l < config.Layers.Count; l++)
        {
            var layer = config.Layers[l];
            string name = names[l];
            if (layer.Kind == LayerKind.Lstm)
            {
                value = Lstm(value, batch, time, size, layer.Units, p[$"{name}/kernel"], p[$"{name}/recurrent_kernel"], p[$"{name}/bias"], layer.ReturnSequences);
                sequence = layer.ReturnSequences;
            }
            else
            {
                int rows = sequence ? batch * time : batch;
                value = Dense(value, rows, size, layer.Units, p[$"{name}/kernel"], p[$"{name}/bias"], layer.Activation);
            }
            size = layer.Units;
        }
        return value;
    }

    private static double[] Lstm(double[] x, int batch, int time, int input, int hidden, float[] kernel, float[] recurrent, float[] bias, bool returnSequences)
    {
        int gates = 4 * hidden;
        var output = new double[returnSequences ? batch * time * hidden : batch * hidden];
        for (int b = 0; b < batch; b++)
        {
            var h = new double[hidden];
            var c = new double[hidden];
            for (int t = 0; t < time; t++)
            {
                var z = new double[gates]; // i, f, c, o blocks
                for (int g = 0; g < gates; g++)
                {
                    double sum = bias[g];
                    for (int k = 0; k < input; k++)
                        sum += x[(b * time + t) * input + k] * kernel[k * gates + g];
                    for (int k = 0; k < hidden; k++)
                        sum += h[k] * recurrent[k * gates + g];
                    z[g] = sum;
                }
                for (int j = 0; j < hidden; j++)
                {
                    double i = Sigmoid(z[j]), f = Sigmoid(z[hidden + j]), candidate = Math.Tanh(z[2 * hidden + j]), o = Sigmoid(z[3 * hidden + j]);
                    c[j] = f * c[j] + i * candidate;
                    h[j] = o * Math.Tanh(c[j]);
                }
                if (returnSequences)
                    Array.Copy(h, 0, output, (b * time + t) * hidden, hidden);
            }
            if (!returnSequences)
                Array.Copy(h, 0, output, b * hidden, hidden);
        }
        return output;
    }

    private static double[] Dense(double[] x, int rows, int input, int units, float[] kernel, float[] bias, Activation activation)
    {
        var y = new double[rows * units];
        for (int r = 0; r < rows; r++)
            for (int u = 0; u < units; u++)
            {
                double sum = bias[u];
                for (int k = 0; k < input; k++)
                    sum += x[r * input + k] * kernel[k * units + u];
                y[r * units + u] = activation switch
                {
                    Activation.Linear => sum,
                    Activation.Relu => Math.Max(0, sum),
                    Activation.Tanh => Math.Tanh(sum),
                    Activation.Sigmoid => Sigmoid(sum),
                    _ => throw new ArgumentOutOfRangeException(nameof(activation)),
                };
            }
        return y;
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
}
