using Dl4m.Nn.Kernels;

namespace Dl4m.Tests.Nn;

/// <summary>
/// The bfloat16 matrix-vector kernel: round-to-nearest-even conversion, and on every kernel path the same bits as a
/// plain loop that accumulates each column as the kernel documents (init plus even k, odd k apart, then summed), for
/// shapes that leave every tile and tail (64/48/32/16-column AVX-512 chunks, 8-column AVX2 chunks, scalar columns).
/// </summary>
[Collection(KernelIsaCollection.Name)]
public sealed class MatVecBf16Tests
{
    public static TheoryData<string> Paths() => KernelIsaCollection.Paths();

    [Fact]
    public void Floats_round_to_the_nearest_bfloat16_ties_to_even()
    {
        Assert.Equal(0x3F80, MatVecBf16.ToBf16(1f));
        Assert.Equal(0x3F80, MatVecBf16.ToBf16(1f + MathF.Pow(2, -8)));              // tie: down to the even 0x3F80
        Assert.Equal(0x3F82, MatVecBf16.ToBf16(1f + 3 * MathF.Pow(2, -8)));          // tie: up to the even 0x3F82
        Assert.Equal(0x3F81, MatVecBf16.ToBf16(1f + 3 * MathF.Pow(2, -9)));          // above half: up
        Assert.Equal(0xBF80, MatVecBf16.ToBf16(-1f));
        Assert.True(float.IsNaN(MatVecBf16.ToSingle(MatVecBf16.ToBf16(float.NaN))));
        Assert.Equal(float.PositiveInfinity, MatVecBf16.ToSingle(MatVecBf16.ToBf16(float.MaxValue)));
        Assert.Equal(0.15625f, MatVecBf16.ToSingle(MatVecBf16.ToBf16(0.15625f)));    // representable: exact
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Every_path_gives_the_bits_of_the_documented_accumulation(string isa)
    {
        using var _ = KernelIsaCollection.Force(isa);
        var random = new Random(31);
        foreach (int k in new[] { 1, 2, 7, 128 })
            foreach (int n in new[] { 1, 9, 37, 64, 100, 120 })
            {
                var x = Enumerable.Range(0, k).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
                var b = Enumerable.Range(0, k * n).Select(_ => MatVecBf16.ToBf16((float)(random.NextDouble() * 2 - 1))).ToArray();
                var init = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
                var y = new float[n];
                MatVecBf16.MultiplyAdd(x, b, init, y, k, n);
                for (int j = 0; j < n; j++)
                {
                    float e = init[j], o = 0f;
                    for (int p = 0; p < k; p++)
                    {
                        float w = MatVecBf16.ToSingle(b[p * n + j]);
                        if (p % 2 == 0) e = MathF.FusedMultiplyAdd(x[p], w, e);
                        else o = MathF.FusedMultiplyAdd(x[p], w, o);
                    }
                    Assert.True(BitConverter.SingleToInt32Bits(e + o) == BitConverter.SingleToInt32Bits(y[j]), $"k {k}, n {n}, column {j}: {y[j]} vs {e + o}");
                }
            }
    }
}
