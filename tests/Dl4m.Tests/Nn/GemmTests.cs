using Dl4m.Nn.Kernels;

namespace Dl4m.Tests.Nn;

[Collection(KernelIsaCollection.Name)]
public class GemmTests
{
    private static float[] Random(int n, Random r)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)(r.NextDouble() * 2 - 1);
        return a;
    }

    public static TheoryData<string, bool> PathsAndLayouts()
    {
        var data = new TheoryData<string, bool>();
        foreach (string row in KernelIsaCollection.Paths())
            foreach (bool transposed in new[] { false, true })
                data.Add(row, transposed);
        return data;
    }

    /// <summary>
    /// Every tile shape (1..6 rows, 1..4 vectors of 16 or 1..2 of 8), the 8-lane and scalar column tails,
    /// on every kernel path, against a double-precision loop.
    /// </summary>
    [Theory]
    [MemberData(nameof(PathsAndLayouts))]
    public void MatchesNaiveProductForAllTileShapes(string isa, bool transposedA)
    {
        using var path = KernelIsaCollection.Force(isa);
        var r = new Random(3);
        foreach (int m in new[] { 1, 2, 3, 4, 5, 6, 7, 9, 13 })
            foreach (int n in new[] { 1, 5, 8, 15, 16, 24, 32, 40, 48, 64, 70, 88, 192 })
                foreach (int k in new[] { 1, 3, 17 })
                    foreach (bool accumulate in new[] { false, true })
                    {
                        var a = Random(m * k, r);
                        var b = Random(k * n, r);
                        var c = Random(m * n, r);
                        var expected = new double[m * n];
                        for (int i = 0; i < m; i++)
                            for (int j = 0; j < n; j++)
                            {
                                double sum = accumulate ? c[i * n + j] : 0;
                                for (int p = 0; p < k; p++)
                                    sum += (double)(transposedA ? a[p * m + i] : a[i * k + p]) * b[p * n + j];
                                expected[i * n + j] = sum;
                            }
                        if (transposedA) Gemm.MultiplyTN(a, b, c, m, k, n, accumulate);
                        else Gemm.MultiplyNN(a, b, c, m, k, n, accumulate);
                        for (int i = 0; i < m * n; i++)
                            Assert.True(Math.Abs(c[i] - expected[i]) < 1e-5 * (k + 1), $"{isa}: m {m} n {n} k {k} acc {accumulate} at {i}: {c[i]} vs {expected[i]}");
                    }
    }

    [Theory]
    [MemberData(nameof(KernelIsaCollection.Paths), MemberType = typeof(KernelIsaCollection))]
    public void MatrixVectorMatchesNaiveProduct(string isa)
    {
        using var path = KernelIsaCollection.Force(isa);
        var r = new Random(5);
        foreach (int n in new[] { 1, 2, 3, 5, 8, 12, 16, 24, 32, 40, 48, 56, 64, 70, 88, 192 })
            foreach (int k in new[] { 1, 2, 3, 24, 48 })
            {
                var x = Random(k, r);
                var b = Random(k * n, r);
                var init = Random(n, r);
                var y = new float[n];
                Dl4m.Nn.Kernels.MatVec.MultiplyAdd(x, b, init, y, k, n);
                for (int j = 0; j < n; j++)
                {
                    double want = init[j];
                    for (int p = 0; p < k; p++) want += (double)x[p] * b[p * n + j];
                    Assert.True(Math.Abs(y[j] - want) < 1e-5 * (k + 1), $"{isa}: n {n} k {k} column {j}: {y[j]} vs {want}");
                }
            }
    }
}
