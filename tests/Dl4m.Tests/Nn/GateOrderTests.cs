using Dl4m.Nn;

namespace Dl4m.Tests.Nn;

public class GateOrderTests
{
    /// <summary>A PyTorch-layout LSTM step computed by hand equals our forward pass with the converted weights.</summary>
    [Fact]
    public void PyTorchWeightsGiveTheSameForward()
    {
        const int inputSize = 3, hidden = 4, g4 = 16;
        var r = new Random(1);
        float[] Rand(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)(r.NextDouble() - 0.5))];
        var wih = Rand(g4 * inputSize);
        var whh = Rand(g4 * hidden);
        var bih = Rand(g4);
        var bhh = Rand(g4);
        var x = Rand(2 * inputSize);                      // one window of two steps

        double[] h = new double[hidden], c = new double[hidden];
        for (int t = 0; t < 2; t++)
        {
            var z = new double[g4];
            for (int row = 0; row < g4; row++)
            {
                z[row] = bih[row] + bhh[row];
                for (int k = 0; k < inputSize; k++) z[row] += wih[row * inputSize + k] * x[t * inputSize + k];
                for (int k = 0; k < hidden; k++) z[row] += whh[row * hidden + k] * h[k];
            }
            for (int j = 0; j < hidden; j++)
            {
                double i = Sigmoid(z[j]), f = Sigmoid(z[hidden + j]), g = Math.Tanh(z[2 * hidden + j]), o = Sigmoid(z[3 * hidden + j]);
                c[j] = f * c[j] + i * g;
                h[j] = o * Math.Tanh(c[j]);
            }
        }

        using var model = Model.Create(new ModelConfig { InputSize = inputSize, Layers = [LayerConfig.Lstm(hidden)] }, seed: 0);
        var (kernel, recurrent, bias) = GateOrder.FromPyTorch(wih, whh, bih, bhh, inputSize, hidden);
        kernel.CopyTo(model.Parameters[0].Data, 0);
        recurrent.CopyTo(model.Parameters[1].Data, 0);
        bias.CopyTo(model.Parameters[2].Data, 0);
        var ours = model.Predict(x, 1, 2);
        for (int j = 0; j < hidden; j++) Assert.Equal(h[j], ours[j], 1e-6);

        var (wih2, whh2, bih2, bhh2) = GateOrder.ToPyTorch(kernel, recurrent, bias, inputSize, hidden);
        Assert.Equal(wih, wih2);
        Assert.Equal(whh, whh2);
        Assert.All(bhh2, b => Assert.Equal(0f, b));
        for (int j = 0; j < g4; j++) Assert.Equal(bih[j] + bhh[j], bih2[j]);
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
}
