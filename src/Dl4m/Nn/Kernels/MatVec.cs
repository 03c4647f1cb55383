using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Dl4m.Nn.Kernels;

/// <summary>
/// Vector × matrix for batch-1 generation: y(N) = init(N) + x(K)·B(K,N), B row-major. A step of
/// generation is a chain of these, so latency matters: each column chunk keeps two sets of
/// accumulators (even and odd k) to halve the FMA dependency chains, and columns that do not fill a
/// 16-lane vector take 8- and 4-lane vectors before any scalar tail (Dense(24) = 16 + 8 lanes).
/// </summary>
internal static unsafe class MatVec
{
    /// <summary>y = init + x·B. <paramref name="init"/> may be <paramref name="y"/> itself (accumulate) or a bias.</summary>
    public static void MultiplyAdd(ReadOnlySpan<float> x, ReadOnlySpan<float> b, ReadOnlySpan<float> init, Span<float> y, int k, int n)
    {
        if (x.Length < k || b.Length < (long)k * n || init.Length < n || y.Length < n)
            throw new ArgumentException("matrix-vector operand shorter than its shape");
        fixed (float* px = x, pb = b, pi = init, py = y)
            Compute(px, pb, pi, py, k, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Compute(float* x, float* b, float* init, float* y, int k, int n)
    {
        int j = 0;
        if (Gemm.Vectorised)
        {
            for (; j + 64 <= n; j += 64) Chunk<Tile4>(x, b + j, init + j, y + j, k, n);
            switch ((n - j) / 16)
            {
                case 3: Chunk<Tile3>(x, b + j, init + j, y + j, k, n); j += 48; break;
                case 2: Chunk<Tile2>(x, b + j, init + j, y + j, k, n); j += 32; break;
                case 1: Chunk<Tile1>(x, b + j, init + j, y + j, k, n); j += 16; break;
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 8 <= n; j += 8)
            {
                Vector256<float> even = Vector256.Load(init + j), odd = Vector256<float>.Zero;
                int p = 0;
                for (; p + 2 <= k; p += 2)
                {
                    even = Vector256.FusedMultiplyAdd(Vector256.Create(x[p]), Vector256.Load(b + p * n + j), even);
                    odd = Vector256.FusedMultiplyAdd(Vector256.Create(x[p + 1]), Vector256.Load(b + (p + 1) * n + j), odd);
                }
                if (p < k) even = Vector256.FusedMultiplyAdd(Vector256.Create(x[p]), Vector256.Load(b + p * n + j), even);
                (even + odd).Store(y + j);
            }
        }
        // Last columns (Dense(3) is all tail): up to four at once, so their FMA chains overlap.
        for (; j < n; j += 4)
        {
            int width = Math.Min(4, n - j);
            float a0 = init[j], a1 = width > 1 ? init[j + 1] : 0f, a2 = width > 2 ? init[j + 2] : 0f, a3 = width > 3 ? init[j + 3] : 0f;
            for (int p = 0; p < k; p++)
            {
                float xp = x[p];
                float* row = b + p * n + j;
                a0 = MathF.FusedMultiplyAdd(xp, row[0], a0);
                if (width > 1) a1 = MathF.FusedMultiplyAdd(xp, row[1], a1);
                if (width > 2) a2 = MathF.FusedMultiplyAdd(xp, row[2], a2);
                if (width > 3) a3 = MathF.FusedMultiplyAdd(xp, row[3], a3);
            }
            y[j] = a0;
            if (width > 1) y[j + 1] = a1;
            if (width > 2) y[j + 2] = a2;
            if (width > 3) y[j + 3] = a3;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Chunk<TW>(float* x, float* b, float* init, float* y, int k, int ldb) where TW : struct, ITileSize
    {
        Vector512<float> e0 = Vector512.Load(init), e1 = default, e2 = default, e3 = default;
        Vector512<float> o0 = default, o1 = default, o2 = default, o3 = default;
        if (TW.N > 1) e1 = Vector512.Load(init + 16);
        if (TW.N > 2) e2 = Vector512.Load(init + 32);
        if (TW.N > 3) e3 = Vector512.Load(init + 48);
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
        (e0 + o0).Store(y);
        if (TW.N > 1) (e1 + o1).Store(y + 16);
        if (TW.N > 2) (e2 + o2).Store(y + 32);
        if (TW.N > 3) (e3 + o3).Store(y + 48);
    }
}
