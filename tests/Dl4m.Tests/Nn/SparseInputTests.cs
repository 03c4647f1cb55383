using Dl4m.Nn;
using Dl4m.Nn.Kernels;

namespace Dl4m.Tests.Nn;

/// <summary>The sparse first-layer products give the dense GEMM's results bit for bit, on every kernel path.</summary>
[Collection(KernelIsaCollection.Name)]
public class SparseInputTests
{
    /// <summary>rows × width with a few nonzeros per row (ones and other values, some rows empty).</summary>
    private static float[] SparseMatrix(int rows, int width, int seed)
    {
        var random = new Random(seed);
        var x = new float[rows * width];
        for (int r = 0; r < rows; r++)
        {
            if (r % 7 == 3) continue; // an all-zero (padding) row
            for (int k = 0; k < 4; k++)
                x[r * width + random.Next(width)] = k == 0 ? 1f : (float)(random.NextDouble() * 4 - 2);
        }
        return x;
    }

    private static float[] Dense(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    [Theory]
    [MemberData(nameof(KernelIsaCollection.Paths), MemberType = typeof(KernelIsaCollection))]
    public void Gather_and_scatter_equal_the_dense_products_bit_for_bit(string isa)
    {
        using var path = KernelIsaCollection.Force(isa);
        foreach (var (rows, width, n) in new[] { (35, 211, 512), (12, 37, 20), (7, 138, 28) })
        {
            float[] x = SparseMatrix(rows, width, seed: width), w = Dense(width * n, seed: n), dy = Dense(rows * n, seed: rows);
            var sparse = new SparseInput(rows, width);
            Assert.True(sparse.TryBuild(x, rows, width));

            float[] dense = new float[rows * n], gathered = Dense(rows * n, seed: 1); // garbage: Multiply must overwrite
            Gemm.MultiplyNN(x, w, dense, rows, width, n, accumulate: false);
            sparse.Multiply(w, gathered, rows, n);
            Assert.Equal(dense, gathered);

            // Kernel gradient over two slices of rows (as the backward pass does per time step), accumulated.
            float[] denseGradient = Dense(width * n, seed: 2), scattered = (float[])denseGradient.Clone();
            int half = rows / 2;
            Gemm.MultiplyTN(x.AsSpan(0, half * width), dy.AsSpan(0, half * n), denseGradient, width, half, n, accumulate: true);
            Gemm.MultiplyTN(x.AsSpan(half * width), dy.AsSpan(half * n), denseGradient, width, rows - half, n, accumulate: true);
            sparse.AddTransposedProduct(0, half, dy.AsSpan(0, half * n), scattered, n);
            sparse.AddTransposedProduct(half, rows - half, dy.AsSpan(half * n), scattered, n);
            Assert.Equal(denseGradient, scattered);
        }
    }

    [Fact]
    public void Dense_input_is_not_taken_for_sparse()
    {
        var sparse = new SparseInput(10, 16);
        var x = Dense(160, seed: 3);
        Assert.False(sparse.TryBuild(x, 10, 16));
        Assert.False(sparse.Active);
        Array.Clear(x, 0, 150); // 10 of 160 values left: 1/16, sparse
        Assert.True(sparse.TryBuild(x, 10, 16));
        Assert.True(sparse.Active);
        Assert.False(sparse.TryBuild(new float[11 * 16], 11, 16)); // more rows than it was made for
    }

    /// <summary>A model fed one-hot rows (the sparse path) predicts what the double-precision reference forward pass does.</summary>
    [Fact]
    public void One_hot_model_output_matches_the_reference_forward_pass()
    {
        var encoding = Training.CategoricalTestEncodings.Small();
        var config = new ModelConfig { InputSize = encoding.InputSize, Layers = [LayerConfig.Lstm(20, true), LayerConfig.Dense(encoding.OutputSize)] };
        using var model = Model.Create(config, seed: 9);
        var input = Training.CategoricalTestEncodings.RandomInput(encoding, 3, 6, seed: 4);
        float[] output = model.Predict(input, 3, 6);
        double[] reference = Parity.ReferenceForward.Run(config, model.Parameters.ToList(), input, 3, 6);
        var tolerance = new Parity.ParityTolerance(1e-5);
        tolerance.Check("one-hot output", output, reference);
        tolerance.AssertAllWithin();
    }

    /// <summary>Generation steps on one-hot rows (the sparse step) give what Predict gives for the whole sequence.</summary>
    [Theory]
    [MemberData(nameof(KernelIsaCollection.Paths), MemberType = typeof(KernelIsaCollection))]
    public void One_hot_generation_steps_match_predict(string isa)
    {
        using var path = KernelIsaCollection.Force(isa);
        var encoding = Training.CategoricalTestEncodings.Small();
        int f = encoding.InputSize, o = encoding.OutputSize;
        using var model = Model.Create(new ModelConfig { InputSize = f, Layers = [LayerConfig.Lstm(20, true), LayerConfig.Dense(o)] }, seed: 8);
        var input = Training.CategoricalTestEncodings.RandomInput(encoding, 1, 6, seed: 6);
        var state = model.CreateState();
        var y = new float[o];
        var whole = model.Predict(input, 1, 6); // (1,6,O)
        for (int t = 0; t < 6; t++)
        {
            model.Step(state, input.AsSpan(t * f, f), y);
            for (int i = 0; i < o; i++) Assert.Equal(whole[t * o + i], y[i], 1e-5f);
        }
    }
}
