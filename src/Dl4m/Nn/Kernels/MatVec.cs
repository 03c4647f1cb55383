using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Dl4m.Nn.Kernels;

/// <summary>
/// Vector × matrix for batch-1 generation: y(N) = init(N) + x(K)·B(K,N), B row-major, optionally
/// plus a second product x2·B2 in the same pass (an LSTM step's b + x·W + h·U without storing the
/// gates in between). A step of generation is a chain of these, so latency matters: each column
/// chunk keeps two sets of accumulators (even and odd k) to halve the FMA dependency chains. AVX-512
/// takes 64-column chunks of 16-lane vectors and 8-lane vectors for the rest; AVX2 takes 32-column
/// chunks of 8-lane vectors; the last few columns are computed four at a time (Dense(24) = 16 + 8
/// lanes; Dense(3) is all tail). <see cref="KernelIsa"/> picks the path.
/// </summary>
internal static unsafe class MatVec
{
    /// <summary>y = init + x·B. <paramref name="init"/> may be <paramref name="y"/> itself (accumulate) or a bias.</summary>
    public static void MultiplyAdd(ReadOnlySpan<float> x, ReadOnlySpan<float> b, ReadOnlySpan<float> init, Span<float> y, int k, int n) =>
        MultiplyAdd(x, b, k, default, default, 0, init, y, n);

    /// <summary>
    /// y(N) = init + x·B for the first N columns of a B whose rows are <paramref name="ldb"/> ≥ N long (B may start at
    /// any column of a wider matrix): a cached attention step's scores over the positions filled so far.
    /// </summary>
    public static void MultiplyAdd(ReadOnlySpan<float> x, ReadOnlySpan<float> b, ReadOnlySpan<float> init, Span<float> y, int k, int n, int ldb)
    {
        if (n > ldb || x.Length < k || (k > 0 && b.Length < (long)(k - 1) * ldb + n) || init.Length < n || y.Length < n)
            throw new ArgumentException("matrix-vector operand shorter than its shape");
        fixed (float* px = x, pb = b, pi = init, py = y)
            Compute(px, pb, k, null, null, 0, pi, py, n, ldb);
    }

    /// <summary>y = init + x1·B1 + x2·B2, with B1 (k1,N) and B2 (k2,N).</summary>
    public static void MultiplyAdd(ReadOnlySpan<float> x1, ReadOnlySpan<float> b1, int k1,
        ReadOnlySpan<float> x2, ReadOnlySpan<float> b2, int k2, ReadOnlySpan<float> init, Span<float> y, int n)
    {
        if (x1.Length < k1 || b1.Length < (long)k1 * n || x2.Length < k2 || b2.Length < (long)k2 * n || init.Length < n || y.Length < n)
            throw new ArgumentException("matrix-vector operand shorter than its shape");
        fixed (float* px1 = x1, pb1 = b1, px2 = x2, pb2 = b2, pi = init, py = y)
            Compute(px1, pb1, k1, px2, pb2, k2, pi, py, n, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Compute(float* x1, float* b1, int k1, float* x2, float* b2, int k2, float* init, float* y, int n, int ldb)
    {
        var isa = KernelIsa.Current;
        int j = 0;
        if (isa == Isa.Avx512)
        {
            for (; j + 64 <= n; j += 64) Chunk<Tile4>(x1, b1 + j, k1, x2, b2 + j, k2, init + j, y + j, ldb);
            switch ((n - j) / 16)
            {
                case 3: Chunk<Tile3>(x1, b1 + j, k1, x2, b2 + j, k2, init + j, y + j, ldb); j += 48; break;
                case 2: Chunk<Tile2>(x1, b1 + j, k1, x2, b2 + j, k2, init + j, y + j, ldb); j += 32; break;
                case 1: Chunk<Tile1>(x1, b1 + j, k1, x2, b2 + j, k2, init + j, y + j, ldb); j += 16; break;
            }
        }
        if (isa >= Isa.Avx2)
        {
            // AVX2: everything, 32 columns per chunk; AVX-512: the 8-lane tail.
            for (; j + 32 <= n; j += 32) Chunk256<Tile4>(x1, b1 + j, k1, x2, b2 + j, k2, init + j, y + j, ldb);
            switch ((n - j) / 8)
            {
                case 3: Chunk256<Tile3>(x1, b1 + j, k1, x2, b2 + j, k2, init + j, y + j, ldb); j += 24; break;
                case 2: Chunk256<Tile2>(x1, b1 + j, k1, x2, b2 + j, k2, init + j, y + j, ldb); j += 16; break;
                case 1: Chunk256<Tile1>(x1, b1 + j, k1, x2, b2 + j, k2, init + j, y + j, ldb); j += 8; break;
            }
        }
        for (; j < n; j += 4)
        {
            int width = Math.Min(4, n - j);
            float a0 = init[j], a1 = width > 1 ? init[j + 1] : 0f, a2 = width > 2 ? init[j + 2] : 0f, a3 = width > 3 ? init[j + 3] : 0f;
            AccumulateScalar(x1, b1 + j, k1, ldb, width, ref a0, ref a1, ref a2, ref a3);
            AccumulateScalar(x2, b2 + j, k2, ldb, width, ref a0, ref a1, ref a2, ref a3);
            y[j] = a0;
            if (width > 1) y[j + 1] = a1;
            if (width > 2) y[j + 2] = a2;
            if (width > 3) y[j + 3] = a3;
        }
    }

    /// <summary>Up to four columns at once, so their FMA chains overlap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AccumulateScalar(float* x, float* b, int k, int ldb, int width, ref float a0, ref float a1, ref float a2, ref float a3)
    {
        for (int p = 0; p < k; p++)
        {
            float xp = x[p];
            float* row = b + p * ldb;
            a0 = MathF.FusedMultiplyAdd(xp, row[0], a0);
            if (width > 1) a1 = MathF.FusedMultiplyAdd(xp, row[1], a1);
            if (width > 2) a2 = MathF.FusedMultiplyAdd(xp, row[2], a2);
            if (width > 3) a3 = MathF.FusedMultiplyAdd(xp, row[3], a3);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Chunk<TW>(float* x1, float* b1, int k1, float* x2, float* b2, int k2, float* init, float* y, int ldb)
        where TW : struct, ITileSize
    {
        Vector512<float> e0 = Vector512.Load(init), e1 = default, e2 = default, e3 = default;
        Vector512<float> o0 = default, o1 = default, o2 = default, o3 = default;
        if (TW.N > 1) e1 = Vector512.Load(init + 16);
        if (TW.N > 2) e2 = Vector512.Load(init + 32);
        if (TW.N > 3) e3 = Vector512.Load(init + 48);
        Accumulate512<TW>(x1, b1, k1, ldb, ref e0, ref e1, ref e2, ref e3, ref o0, ref o1, ref o2, ref o3);
        Accumulate512<TW>(x2, b2, k2, ldb, ref e0, ref e1, ref e2, ref e3, ref o0, ref o1, ref o2, ref o3);
        (e0 + o0).Store(y);
        if (TW.N > 1) (e1 + o1).Store(y + 16);
        if (TW.N > 2) (e2 + o2).Store(y + 32);
        if (TW.N > 3) (e3 + o3).Store(y + 48);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate512<TW>(float* x, float* b, int k, int ldb,
        ref Vector512<float> e0, ref Vector512<float> e1, ref Vector512<float> e2, ref Vector512<float> e3,
        ref Vector512<float> o0, ref Vector512<float> o1, ref Vector512<float> o2, ref Vector512<float> o3)
        where TW : struct, ITileSize
    {
        int p = 0;
        for (; p + 2 <= k; p += 2)
        {
            float* r0 = b + p * ldb;
            float* r1 = r0 + ldb;
            var a0 = Vector512.Create(x[p]);
            var a1 = Vector512.Create(x[p + 1]);
            e0 = Vector512.FusedMultiplyAdd(a0, Vector512.Load(r0), e0);
            o0 = Vector512.FusedMultiplyAdd(a1, Vector512.Load(r1), o0);
            if (TW.N > 1)
            {
                e1 = Vector512.FusedMultiplyAdd(a0, Vector512.Load(r0 + 16), e1);
                o1 = Vector512.FusedMultiplyAdd(a1, Vector512.Load(r1 + 16), o1);
            }
            if (TW.N > 2)
            {
                e2 = Vector512.FusedMultiplyAdd(a0, Vector512.Load(r0 + 32), e2);
                o2 = Vector512.FusedMultiplyAdd(a1, Vector512.Load(r1 + 32), o2);
            }
            if (TW.N > 3)
            {
                e3 = Vector512.FusedMultiplyAdd(a0, Vector512.Load(r0 + 48), e3);
                o3 = Vector512.FusedMultiplyAdd(a1, Vector512.Load(r1 + 48), o3);
            }
        }
        if (p < k)
        {
            float* r0 = b + p * ldb;
            var a0 = Vector512.Create(x[p]);
            e0 = Vector512.FusedMultiplyAdd(a0, Vector512.Load(r0), e0);
            if (TW.N > 1) e1 = Vector512.FusedMultiplyAdd(a0, Vector512.Load(r0 + 16), e1);
            if (TW.N > 2) e2 = Vector512.FusedMultiplyAdd(a0, Vector512.Load(r0 + 32), e2);
            if (TW.N > 3) e3 = Vector512.FusedMultiplyAdd(a0, Vector512.Load(r0 + 48), e3);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Chunk256<TW>(float* x1, float* b1, int k1, float* x2, float* b2, int k2, float* init, float* y, int ldb)
        where TW : struct, ITileSize
    {
        Vector256<float> e0 = Vector256.Load(init), e1 = default, e2 = default, e3 = default;
        Vector256<float> o0 = default, o1 = default, o2 = default, o3 = default;
        if (TW.N > 1) e1 = Vector256.Load(init + 8);
        if (TW.N > 2) e2 = Vector256.Load(init + 16);
        if (TW.N > 3) e3 = Vector256.Load(init + 24);
        Accumulate256<TW>(x1, b1, k1, ldb, ref e0, ref e1, ref e2, ref e3, ref o0, ref o1, ref o2, ref o3);
        Accumulate256<TW>(x2, b2, k2, ldb, ref e0, ref e1, ref e2, ref e3, ref o0, ref o1, ref o2, ref o3);
        (e0 + o0).Store(y);
        if (TW.N > 1) (e1 + o1).Store(y + 8);
        if (TW.N > 2) (e2 + o2).Store(y + 16);
        if (TW.N > 3) (e3 + o3).Store(y + 24);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate256<TW>(float* x, float* b, int k, int ldb,
        ref Vector256<float> e0, ref Vector256<float> e1, ref Vector256<float> e2, ref Vector256<float> e3,
        ref Vector256<float> o0, ref Vector256<float> o1, ref Vector256<float> o2, ref Vector256<float> o3)
        where TW : struct, ITileSize
    {
        int p = 0;
        for (; p + 2 <= k; p += 2)
        {
            float* r0 = b + p * ldb;
            float* r1 = r0 + ldb;
            var a0 = Vector256.Create(x[p]);
            var a1 = Vector256.Create(x[p + 1]);
            e0 = Vector256.FusedMultiplyAdd(a0, Vector256.Load(r0), e0);
            o0 = Vector256.FusedMultiplyAdd(a1, Vector256.Load(r1), o0);
            if (TW.N > 1)
            {
                e1 = Vector256.FusedMultiplyAdd(a0, Vector256.Load(r0 + 8), e1);
                o1 = Vector256.FusedMultiplyAdd(a1, Vector256.Load(r1 + 8), o1);
            }
            if (TW.N > 2)
            {
                e2 = Vector256.FusedMultiplyAdd(a0, Vector256.Load(r0 + 16), e2);
                o2 = Vector256.FusedMultiplyAdd(a1, Vector256.Load(r1 + 16), o2);
            }
            if (TW.N > 3)
            {
                e3 = Vector256.FusedMultiplyAdd(a0, Vector256.Load(r0 + 24), e3);
                o3 = Vector256.FusedMultiplyAdd(a1, Vector256.Load(r1 + 24), o3);
            }
        }
        if (p < k)
        {
            float* r0 = b + p * ldb;
            var a0 = Vector256.Create(x[p]);
            e0 = Vector256.FusedMultiplyAdd(a0, Vector256.Load(r0), e0);
            if (TW.N > 1) e1 = Vector256.FusedMultiplyAdd(a0, Vector256.Load(r0 + 8), e1);
            if (TW.N > 2) e2 = Vector256.FusedMultiplyAdd(a0, Vector256.Load(r0 + 16), e2);
            if (TW.N > 3) e3 = Vector256.FusedMultiplyAdd(a0, Vector256.Load(r0 + 24), e3);
        }
    }
}
