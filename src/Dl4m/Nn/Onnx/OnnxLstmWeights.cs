namespace Dl4m.Nn.Onnx;

/// <summary>
/// Converts one LSTM layer's Keras tensors to the ONNX LSTM operator's W, R and B inputs.
/// Keras stores gate blocks i, f, c, o along the columns of kernel (In,4H); ONNX stores gate blocks
/// i, o, f, c along the rows of W [1,4H,In] (transposed), and wants two biases (input and recurrent)
/// that it adds, so ours goes into the first and zeros into the second.
/// </summary>
internal static class OnnxLstmWeights
{
    /// <summary>For each ONNX gate block (i, o, f, c), the Keras block (i=0, f=1, c=2, o=3) it comes from.</summary>
    private static readonly int[] KerasBlockOfOnnxBlock = [0, 3, 1, 2];

    /// <summary>Keras kernel (rows, 4H) → ONNX [1, 4H, rows]: transpose and reorder gate blocks.</summary>
    public static float[] Weights(float[] kernel, int rows, int hidden)
    {
        int gates = 4 * hidden;
        var w = new float[gates * rows]; // (4H, rows)
        for (int block = 0; block < 4; block++)
        {
            int from = KerasBlockOfOnnxBlock[block] * hidden;
            for (int j = 0; j < hidden; j++)
                for (int r = 0; r < rows; r++)
                    w[(block * hidden + j) * rows + r] = kernel[r * gates + from + j];
        }
        return w;
    }

    /// <summary>Keras bias (4H) → ONNX B [1, 8H] = input bias (reordered) ‖ recurrent bias (zeros).</summary>
    public static float[] Bias(float[] bias, int hidden)
    {
        var b = new float[8 * hidden];
        for (int block = 0; block < 4; block++)
            Array.Copy(bias, KerasBlockOfOnnxBlock[block] * hidden, b, block * hidden, hidden);
        return b;
    }
}
