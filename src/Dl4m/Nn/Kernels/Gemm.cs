using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Dl4m.Nn.Kernels;

/// <summary>
/// Small dense matrix products, row-major float32, written for the shapes an LSTM step has
/// ((32..64 rows) × (48..192 columns), inner sizes 3..192). The AVX-512 path keeps a tile of
/// up to 6 rows × 4 vectors (6 × 64 floats) of C in registers and streams one row of B per inner
/// step, broadcasting A's elements: each B row load feeds up to 6 FMAs. The AVX2 path does the same
/// with 6 rows × 2 ymm (6 × 16 floats: AVX2 has 16 registers, not 32); AVX-512 uses that 8-lane tile
/// for a tail of 8..15 columns. The last columns past a multiple of 8, and CPUs with neither, take
/// the plain scalar loop (same result up to rounding order). <see cref="KernelIsa"/> picks the path.
/// </summary>
internal static unsafe class Gemm
{
    private const int Lanes = 16; // Vector512<float>.Count
    private const int Lanes256 = 8; // Vector256<float>.Count

    /// <summary>C(M,N) = or += A(M,K)·B(K,N). Leading dimensions are the row widths K, N, N.</summary>
    public static void MultiplyNN(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate)
    {
        Check(a.Length, (long)m * k, b.Length, (long)k * n, c.Length, (long)m * n);
        fixed (float* pa = a, pb = b, pc = c)
            Multiply(pa, k, 1, pb, n, pc, n, m, k, n, accumulate);
    }

    /// <summary>C(M,N) = or += Aᵀ·B with A stored (K,M) and B (K,N): the weight-gradient product Xᵀ·dY.</summary>
    public static void MultiplyTN(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate)
    {
        Check(a.Length, (long)k * m, b.Length, (long)k * n, c.Length, (long)m * n);
        fixed (float* pa = a, pb = b, pc = c)
            Multiply(pa, 1, m, pb, n, pc, n, m, k, n, accumulate);
    }

    private static void Check(int aLength, long aNeed, int bLength, long bNeed, int cLength, long cNeed)
    {
        if (aLength < aNeed || bLength < bNeed || cLength < cNeed)
            throw new ArgumentException("GEMM operand shorter than its shape");
    }

    /// <summary>
    /// The general product: element (i, p) of the left operand is a[i·aRow + p·aK], so one kernel
    /// serves both A·B (aRow = lda, aK = 1) and Aᵀ·B (aRow = 1, aK = lda).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Multiply(float* a, nint aRow, nint aK, float* b, nint ldb, float* c, nint ldc,
        int m, int k, int n, bool accumulate)
    {
        var isa = KernelIsa.Current;
        int j = 0;
        if (isa == Isa.Avx512)
        {
            int vectorColumns = n / Lanes * Lanes;
            for (; j + 4 * Lanes <= vectorColumns; j += 4 * Lanes) Columns<Tile4>(a, aRow, aK, b + j, ldb, c + j, ldc, m, k, accumulate);
            if (vectorColumns - j == 3 * Lanes) Columns<Tile3>(a, aRow, aK, b + j, ldb, c + j, ldc, m, k, accumulate);
            else if (vectorColumns - j == 2 * Lanes) Columns<Tile2>(a, aRow, aK, b + j, ldb, c + j, ldc, m, k, accumulate);
            else if (vectorColumns - j == Lanes) Columns<Tile1>(a, aRow, aK, b + j, ldb, c + j, ldc, m, k, accumulate);
            j = vectorColumns;
        }
        if (isa >= Isa.Avx2)
        {
            // AVX2: everything in 16-column tiles (2 ymm); AVX-512: the 8-column tail (Dense(24) = 16 + 8).
            for (; j + 2 * Lanes256 <= n; j += 2 * Lanes256) Columns256<Tile2>(a, aRow, aK, b + j, ldb, c + j, ldc, m, k, accumulate);
            if (j + Lanes256 <= n)
            {
                Columns256<Tile1>(a, aRow, aK, b + j, ldb, c + j, ldc, m, k, accumulate);
                j += Lanes256;
            }
        }
        if (j < n) ScalarColumns(a, aRow, aK, b, ldb, c, ldc, m, k, j, n, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Columns<TW>(float* a, nint aRow, nint aK, float* b, nint ldb, float* c, nint ldc,
        int m, int k, bool accumulate) where TW : struct, ITileSize
    {
        int i = 0;
        for (; i + 6 <= m; i += 6) Tile<Tile6, TW>(a + i * aRow, aRow, aK, b, ldb, c + i * ldc, ldc, k, accumulate);
        switch (m - i)
        {
            case 5: Tile<Tile5, TW>(a + i * aRow, aRow, aK, b, ldb, c + i * ldc, ldc, k, accumulate); break;
            case 4: Tile<Tile4, TW>(a + i * aRow, aRow, aK, b, ldb, c + i * ldc, ldc, k, accumulate); break;
            case 3: Tile<Tile3, TW>(a + i * aRow, aRow, aK, b, ldb, c + i * ldc, ldc, k, accumulate); break;
            case 2: Tile<Tile2, TW>(a + i * aRow, aRow, aK, b, ldb, c + i * ldc, ldc, k, accumulate); break;
            case 1: Tile<Tile1, TW>(a + i * aRow, aRow, aK, b, ldb, c + i * ldc, ldc, k, accumulate); break;
        }
    }

    /// <summary>One TR-row (≤ 6) × TW-vector (≤ 4) tile of C, all in registers (≤ 24 of the 32 zmm) for the whole K loop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile<TR, TW>(float* a, nint aRow, nint aK, float* b, nint ldb, float* c, nint ldc,
        int k, bool accumulate) where TR : struct, ITileSize where TW : struct, ITileSize
    {
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default;
        Vector512<float> c40 = default, c41 = default, c42 = default, c43 = default;
        Vector512<float> c50 = default, c51 = default, c52 = default, c53 = default;
        if (accumulate)
        {
            c00 = Vector512.Load(c);
            if (TW.N > 1) c01 = Vector512.Load(c + 16);
            if (TW.N > 2) c02 = Vector512.Load(c + 32);
            if (TW.N > 3) c03 = Vector512.Load(c + 48);
            if (TR.N > 1)
            {
                c10 = Vector512.Load(c + ldc);
                if (TW.N > 1) c11 = Vector512.Load(c + ldc + 16);
                if (TW.N > 2) c12 = Vector512.Load(c + ldc + 32);
                if (TW.N > 3) c13 = Vector512.Load(c + ldc + 48);
            }
            if (TR.N > 2)
            {
                c20 = Vector512.Load(c + 2 * ldc);
                if (TW.N > 1) c21 = Vector512.Load(c + 2 * ldc + 16);
                if (TW.N > 2) c22 = Vector512.Load(c + 2 * ldc + 32);
                if (TW.N > 3) c23 = Vector512.Load(c + 2 * ldc + 48);
            }
            if (TR.N > 3)
            {
                c30 = Vector512.Load(c + 3 * ldc);
                if (TW.N > 1) c31 = Vector512.Load(c + 3 * ldc + 16);
                if (TW.N > 2) c32 = Vector512.Load(c + 3 * ldc + 32);
                if (TW.N > 3) c33 = Vector512.Load(c + 3 * ldc + 48);
            }
            if (TR.N > 4)
            {
                c40 = Vector512.Load(c + 4 * ldc);
                if (TW.N > 1) c41 = Vector512.Load(c + 4 * ldc + 16);
                if (TW.N > 2) c42 = Vector512.Load(c + 4 * ldc + 32);
                if (TW.N > 3) c43 = Vector512.Load(c + 4 * ldc + 48);
            }
            if (TR.N > 5)
            {
                c50 = Vector512.Load(c + 5 * ldc);
                if (TW.N > 1) c51 = Vector512.Load(c + 5 * ldc + 16);
                if (TW.N > 2) c52 = Vector512.Load(c + 5 * ldc + 32);
                if (TW.N > 3) c53 = Vector512.Load(c + 5 * ldc + 48);
            }
        }
        for (int p = 0; p < k; p++)
        {
            float* bp = b + p * ldb;
            float* ap = a + p * aK;
            var b0 = Vector512.Load(bp);
            var b1 = TW.N > 1 ? Vector512.Load(bp + 16) : default;
            var b2 = TW.N > 2 ? Vector512.Load(bp + 32) : default;
            var b3 = TW.N > 3 ? Vector512.Load(bp + 48) : default;
            var a0 = Vector512.Create(ap[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            if (TW.N > 1) c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            if (TW.N > 2) c02 = Vector512.FusedMultiplyAdd(a0, b2, c02);
            if (TW.N > 3) c03 = Vector512.FusedMultiplyAdd(a0, b3, c03);
            if (TR.N > 1)
            {
                var a1 = Vector512.Create(ap[aRow]);
                c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
                if (TW.N > 1) c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
                if (TW.N > 2) c12 = Vector512.FusedMultiplyAdd(a1, b2, c12);
                if (TW.N > 3) c13 = Vector512.FusedMultiplyAdd(a1, b3, c13);
            }
            if (TR.N > 2)
            {
                var a2 = Vector512.Create(ap[2 * aRow]);
                c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
                if (TW.N > 1) c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
                if (TW.N > 2) c22 = Vector512.FusedMultiplyAdd(a2, b2, c22);
                if (TW.N > 3) c23 = Vector512.FusedMultiplyAdd(a2, b3, c23);
            }
            if (TR.N > 3)
            {
                var a3 = Vector512.Create(ap[3 * aRow]);
                c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
                if (TW.N > 1) c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
                if (TW.N > 2) c32 = Vector512.FusedMultiplyAdd(a3, b2, c32);
                if (TW.N > 3) c33 = Vector512.FusedMultiplyAdd(a3, b3, c33);
            }
            if (TR.N > 4)
            {
                var a4 = Vector512.Create(ap[4 * aRow]);
                c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
                if (TW.N > 1) c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
                if (TW.N > 2) c42 = Vector512.FusedMultiplyAdd(a4, b2, c42);
                if (TW.N > 3) c43 = Vector512.FusedMultiplyAdd(a4, b3, c43);
            }
            if (TR.N > 5)
            {
                var a5 = Vector512.Create(ap[5 * aRow]);
                c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
                if (TW.N > 1) c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
                if (TW.N > 2) c52 = Vector512.FusedMultiplyAdd(a5, b2, c52);
                if (TW.N > 3) c53 = Vector512.FusedMultiplyAdd(a5, b3, c53);
            }
        }
        c00.Store(c);
        if (TW.N > 1) c01.Store(c + 16);
        if (TW.N > 2) c02.Store(c + 32);
        if (TW.N > 3) c03.Store(c + 48);
        if (TR.N > 1)
        {
            c10.Store(c + ldc);
            if (TW.N > 1) c11.Store(c + ldc + 16);
            if (TW.N > 2) c12.Store(c + ldc + 32);
            if (TW.N > 3) c13.Store(c + ldc + 48);
        }
        if (TR.N > 2)
        {
            c20.Store(c + 2 * ldc);
            if (TW.N > 1) c21.Store(c + 2 * ldc + 16);
            if (TW.N > 2) c22.Store(c + 2 * ldc + 32);
            if (TW.N > 3) c23.Store(c + 2 * ldc + 48);
        }
        if (TR.N > 3)
        {
            c30.Store(c + 3 * ldc);
            if (TW.N > 1) c31.Store(c + 3 * ldc + 16);
            if (TW.N > 2) c32.Store(c + 3 * ldc + 32);
            if (TW.N > 3) c33.Store(c + 3 * ldc + 48);
        }
        if (TR.N > 4)
        {
            c40.Store(c + 4 * ldc);
            if (TW.N > 1) c41.Store(c + 4 * ldc + 16);
            if (TW.N > 2) c42.Store(c + 4 * ldc + 32);
            if (TW.N > 3) c43.Store(c + 4 * ldc + 48);
        }
        if (TR.N > 5)
        {
            c50.Store(c + 5 * ldc);
            if (TW.N > 1) c51.Store(c + 5 * ldc + 16);
            if (TW.N > 2) c52.Store(c + 5 * ldc + 32);
            if (TW.N > 3) c53.Store(c + 5 * ldc + 48);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Columns256<TW>(float* a, nint aRow, nint aK, float* b, nint ldb, float* c, nint ldc,
        int m, int k, bool accumulate) where TW : struct, ITileSize
    {
        int i = 0;
        for (; i + 6 <= m; i += 6) Tile256<Tile6, TW>(a + i * aRow, aRow, aK, b, ldb, c + i * ldc, ldc, k, accumulate);
        switch (m - i)
        {
            case 5: Tile256<Tile5, TW>(a + i * aRow, aRow, aK, b, ldb, c + i * ldc, ldc, k, accumulate); break;
            case 4: Tile256<Tile4, TW>(a + i * aRow, aRow, aK, b, ldb, c + i * ldc, ldc, k, accumulate); break;
            case 3: Tile256<Tile3, TW>(a + i * aRow, aRow, aK, b, ldb, c + i * ldc, ldc, k, accumulate); break;
            case 2: Tile256<Tile2, TW>(a + i * aRow, aRow, aK, b, ldb, c + i * ldc, ldc, k, accumulate); break;
            case 1: Tile256<Tile1, TW>(a + i * aRow, aRow, aK, b, ldb, c + i * ldc, ldc, k, accumulate); break;
        }
    }

    /// <summary>The AVX2 tile: TR rows (≤ 6) × TW 8-lane vectors (≤ 2): 12 accumulators + 2 B rows + 1 broadcast fit the 16 ymm.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile256<TR, TW>(float* a, nint aRow, nint aK, float* b, nint ldb, float* c, nint ldc,
        int k, bool accumulate) where TR : struct, ITileSize where TW : struct, ITileSize
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        if (accumulate)
        {
            c00 = Vector256.Load(c);
            if (TW.N > 1) c01 = Vector256.Load(c + 8);
            if (TR.N > 1)
            {
                c10 = Vector256.Load(c + ldc);
                if (TW.N > 1) c11 = Vector256.Load(c + ldc + 8);
            }
            if (TR.N > 2)
            {
                c20 = Vector256.Load(c + 2 * ldc);
                if (TW.N > 1) c21 = Vector256.Load(c + 2 * ldc + 8);
            }
            if (TR.N > 3)
            {
                c30 = Vector256.Load(c + 3 * ldc);
                if (TW.N > 1) c31 = Vector256.Load(c + 3 * ldc + 8);
            }
            if (TR.N > 4)
            {
                c40 = Vector256.Load(c + 4 * ldc);
                if (TW.N > 1) c41 = Vector256.Load(c + 4 * ldc + 8);
            }
            if (TR.N > 5)
            {
                c50 = Vector256.Load(c + 5 * ldc);
                if (TW.N > 1) c51 = Vector256.Load(c + 5 * ldc + 8);
            }
        }
        for (int p = 0; p < k; p++)
        {
            float* bp = b + p * ldb;
            float* ap = a + p * aK;
            var b0 = Vector256.Load(bp);
            var b1 = TW.N > 1 ? Vector256.Load(bp + 8) : default;
            var a0 = Vector256.Create(ap[0]);
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
            if (TW.N > 1) c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            if (TR.N > 1)
            {
                var a1 = Vector256.Create(ap[aRow]);
                c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
                if (TW.N > 1) c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            }
            if (TR.N > 2)
            {
                var a2 = Vector256.Create(ap[2 * aRow]);
                c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
                if (TW.N > 1) c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            }
            if (TR.N > 3)
            {
                var a3 = Vector256.Create(ap[3 * aRow]);
                c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
                if (TW.N > 1) c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            }
            if (TR.N > 4)
            {
                var a4 = Vector256.Create(ap[4 * aRow]);
                c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
                if (TW.N > 1) c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            }
            if (TR.N > 5)
            {
                var a5 = Vector256.Create(ap[5 * aRow]);
                c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
                if (TW.N > 1) c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            }
        }
        c00.Store(c);
        if (TW.N > 1) c01.Store(c + 8);
        if (TR.N > 1)
        {
            c10.Store(c + ldc);
            if (TW.N > 1) c11.Store(c + ldc + 8);
        }
        if (TR.N > 2)
        {
            c20.Store(c + 2 * ldc);
            if (TW.N > 1) c21.Store(c + 2 * ldc + 8);
        }
        if (TR.N > 3)
        {
            c30.Store(c + 3 * ldc);
            if (TW.N > 1) c31.Store(c + 3 * ldc + 8);
        }
        if (TR.N > 4)
        {
            c40.Store(c + 4 * ldc);
            if (TW.N > 1) c41.Store(c + 4 * ldc + 8);
        }
        if (TR.N > 5)
        {
            c50.Store(c + 5 * ldc);
            if (TW.N > 1) c51.Store(c + 5 * ldc + 8);
        }
    }

    /// <summary>Columns [from, to) of C by plain loops: the tail past the last full vector, or everything on the scalar path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScalarColumns(float* a, nint aRow, nint aK, float* b, nint ldb, float* c, nint ldc,
        int m, int k, int from, int to, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            float* ci = c + i * ldc;
            float* ai = a + i * aRow;
            if (!accumulate)
                for (int j = from; j < to; j++) ci[j] = 0f;
            for (int p = 0; p < k; p++)
            {
                float av = ai[p * aK];
                float* bp = b + p * ldb;
                for (int j = from; j < to; j++) ci[j] = MathF.FusedMultiplyAdd(av, bp[j], ci[j]);
            }
        }
    }
}
