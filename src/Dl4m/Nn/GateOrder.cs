namespace Dl4m.Nn;

/// <summary>
/// Conversion of one LSTM layer's weights between PyTorch's and Keras' layouts.
/// <para>
/// Both order the four gate blocks the same way: PyTorch's (i, f, g, o) is Keras' (i, f, c, o)
/// (g and c both name the tanh candidate). What differs is the layout:
/// PyTorch weight_ih (4H,In) and weight_hh (4H,H) are the transposes of Keras' kernel (In,4H) and
/// recurrent_kernel (H,4H); PyTorch has two biases, bias_ih and bias_hh (4H each), that are always
/// added together, so Keras' single bias (4H) is their sum. Going back, the whole bias is put in
/// bias_ih and bias_hh is zero (the split is not recoverable and does not matter).
/// </para>
/// </summary>
public static class GateOrder
{
    /// <summary>Keras kernel (In,4H), recurrent kernel (H,4H), bias (4H) from PyTorch weight_ih (4H,In), weight_hh (4H,H), bias_ih, bias_hh (4H).</summary>
    public static (float[] Kernel, float[] RecurrentKernel, float[] Bias) FromPyTorch(
        ReadOnlySpan<float> weightIh, ReadOnlySpan<float> weightHh, ReadOnlySpan<float> biasIh, ReadOnlySpan<float> biasHh,
        int inputSize, int hidden)
    {
        int g4 = 4 * hidden;
        Require(weightIh.Length == g4 * inputSize, "weight_ih", weightIh.Length, g4 * inputSize);
        Require(weightHh.Length == g4 * hidden, "weight_hh", weightHh.Length, g4 * hidden);
        Require(biasIh.Length == g4, "bias_ih", biasIh.Length, g4);
        Require(biasHh.Length == g4, "bias_hh", biasHh.Length, g4);
        var kernel = Transpose(weightIh, g4, inputSize);
        var recurrent = Transpose(weightHh, g4, hidden);
        var bias = new float[g4];
        for (int i = 0; i < g4; i++) bias[i] = biasIh[i] + biasHh[i];
        return (kernel, recurrent, bias);
    }

    /// <summary>PyTorch weight_ih (4H,In), weight_hh (4H,H), bias_ih (= Keras bias), bias_hh (zeros) from Keras' kernel (In,4H), recurrent kernel (H,4H), bias (4H).</summary>
    public static (float[] WeightIh, float[] WeightHh, float[] BiasIh, float[] BiasHh) ToPyTorch(
        ReadOnlySpan<float> kernel, ReadOnlySpan<float> recurrentKernel, ReadOnlySpan<float> bias, int inputSize, int hidden)
    {
        int g4 = 4 * hidden;
        Require(kernel.Length == g4 * inputSize, "kernel", kernel.Length, g4 * inputSize);
        Require(recurrentKernel.Length == g4 * hidden, "recurrent_kernel", recurrentKernel.Length, g4 * hidden);
        Require(bias.Length == g4, "bias", bias.Length, g4);
        return (Transpose(kernel, inputSize, g4), Transpose(recurrentKernel, hidden, g4), bias.ToArray(), new float[g4]);
    }

    /// <summary>(rows, cols) row-major → (cols, rows) row-major.</summary>
    public static float[] Transpose(ReadOnlySpan<float> source, int rows, int cols)
    {
        var target = new float[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) target[c * rows + r] = source[r * cols + c];
        return target;
    }

    private static void Require(bool ok, string name, int actual, int expected)
    {
        if (!ok) throw new Dl4mException($"LSTM {name} has {actual} values, expected {expected}");
    }
}
