namespace Dl4m.Nn;

/// <summary>Keras' default initialisers, drawn from one seeded <see cref="Random"/> so a seed fixes the model.</summary>
internal static class WeightInit
{
    /// <summary>Glorot (Xavier) uniform: U(−l, l) with l = √(6 / (fan_in + fan_out)), for a (fanIn, fanOut) kernel.</summary>
    public static void GlorotUniform(float[] kernel, int fanIn, int fanOut, Random random)
    {
        double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
        for (int i = 0; i < kernel.Length; i++) kernel[i] = (float)((random.NextDouble() * 2 - 1) * limit);
    }

    /// <summary>
    /// Keras' Orthogonal for a (rows, cols) kernel with rows ≤ cols (the LSTM recurrent kernel is (H,4H)):
    /// a Gaussian (cols, rows) matrix is orthonormalised column by column (Gram–Schmidt, twice for
    /// stability, in double), which equals the Q of a QR decomposition with sign(diag R) folded in,
    /// and is stored transposed, so the rows of the kernel are orthonormal.
    /// </summary>
    public static void Orthogonal(float[] kernel, int rows, int cols, Random random)
    {
        if (rows > cols)
        {
            // Tall case: orthonormal columns directly.
            var q = OrthonormalColumns(rows, cols, random);
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++) kernel[r * cols + c] = (float)q[r, c];
            return;
        }
        var qt = OrthonormalColumns(cols, rows, random); // (cols, rows)
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) kernel[r * cols + c] = (float)qt[c, r];
    }

    private static double[,] OrthonormalColumns(int n, int k, Random random)
    {
        var a = new double[n, k];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < k; j++) a[i, j] = Gaussian(random);
        for (int j = 0; j < k; j++)
        {
            for (int pass = 0; pass < 2; pass++)
                for (int p = 0; p < j; p++)
                {
                    double dot = 0;
                    for (int i = 0; i < n; i++) dot += a[i, p] * a[i, j];
                    for (int i = 0; i < n; i++) a[i, j] -= dot * a[i, p];
                }
            double norm = 0;
            for (int i = 0; i < n; i++) norm += a[i, j] * a[i, j];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < n; i++) a[i, j] /= norm;
        }
        return a;
    }

    /// <summary>Standard normal by Box–Muller.</summary>
    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
