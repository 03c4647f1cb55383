using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dl4m.Nn.Kernels;

/// <summary>
/// y(N) = init(N) + x(K)·B(K,N) with B stored as bfloat16 (the upper 16 bits of a float; <see cref="ToBf16"/>) and
/// x, y, the accumulation in fp32: half the bytes of <see cref="MatVec"/>'s B, for batch-1 steps whose weights do
/// not fit a core's L2 as fp32. A bf16 value widens to its float exactly by a zero-extension and a 16-bit shift, on
/// AVX2 as on AVX-512. Every path accumulates a column the same way (init plus the even k, plus apart the odd k, then
/// the two summed, each product fused), the scalar path too, so results do not depend on the kernel path or on where
/// a column falls in a chunk. AVX-512: 64-column chunks of 16-lane vectors; AVX2: 32-column chunks of 8-lane vectors.
/// </summary>
internal static unsafe class MatVecBf16
{
    /// <summary>The bfloat16 nearest to <paramref name="value"/> (ties to even; NaN stays NaN).</summary>
    public static ushort ToBf16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value)) return (ushort)((bits >> 16) | 0x40);
        bits += 0x7FFF + ((bits >> 16) & 1);
        return (ushort)(bits >> 16);
    }

    /// <summary>The float a bfloat16 stands for (exact).</summary>
    public static float ToSingle(ushort value) => BitConverter.UInt32BitsToSingle((uint)value << 16);

    /// <summary>y = init + x·B, B (K,N) row-major in bfloat16. <paramref name="init"/> may be <paramref name="y"/>.</summary>
    public static void MultiplyAdd(ReadOnlySpan<float> x, ReadOnlySpan<ushort> b, ReadOnlySpan<float> init, Span<float> y, int k, int n)
    {
        if (x.Length < k || b.Length < (long)k * n || init.Length < n || y.Length < n)
            throw new ArgumentException("matrix-vector operand shorter than its shape");
        fixed (float* px = x, pi = init, py = y)
        fixed (ushort* pb = b)
            Compute(px, pb, k, pi, py, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Compute(float* x, ushort* b, int k, float* init, float* y, int n)
    {
        var isa = KernelIsa.Current;
        int j = 0;
        if (isa == Isa.Avx512)
        {
            for (; j + 64 <= n; j += 64) Chunk512<Tile4>(x, b + j, k, init + j, y + j, n);
            switch ((n - j) / 16)
            {
                case 3: Chunk512<Tile3>(x, b + j, k, init + j, y + j, n); j += 48; break;
                case 2: Chunk512<Tile2>(x, b + j, k, init + j, y + j, n); j += 32; break;
                case 1: Chunk512<Tile1>(x, b + j, k, init + j, y + j, n); j += 16; break;
            }
        }
        if (isa >= Isa.Avx2)
        {
            for (; j + 32 <= n; j += 32) Chunk256<Tile4>(x, b + j, k, init + j, y + j, n);
            switch ((n - j) / 8)
            {
                case 3: Chunk256<Tile3>(x, b + j, k, init + j, y + j, n); j += 24; break;
                case 2: Chunk256<Tile2>(x, b + j, k, init + j, y + j, n); j += 16; break;
                case 1: Chunk256<Tile1>(x, b + j, k, init + j, y + j, n); j += 8; break;
            }
        }
        for (; j < n; j++)
        {
            float e = init[j], o = 0f;
            int p = 0;
            for (; p + 2 <= k; p += 2)
            {
                e = MathF.FusedMultiplyAdd(x[p], ToSingle(b[p * n + j]), e);
                o = MathF.FusedMultiplyAdd(x[p + 1], ToSingle(b[(p + 1) * n + j]), o);
            }
            if (p < k) e = MathF.FusedMultiplyAdd(x[p], ToSingle(b[p * n + j]), e);
            y[j] = e + o;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Load512(ushort* p) =>
        Vector512.ShiftLeft(Avx512F.ConvertToVector512UInt32(Vector256.Load(p)), 16).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Load256(ushort* p) =>
        Vector256.ShiftLeft(Avx2.ConvertToVector256Int32(Vector128.Load(p)).AsUInt32(), 16).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Chunk512<TW>(float* x, ushort* b, int k, float* init, float* y, int ldb) where TW : struct, ITileSize
    {
        Vector512<float> e0 = Vector512.Load(init), e1 = default, e2 = default, e3 = default;
        Vector512<float> o0 = default, o1 = default, o2 = default, o3 = default;
        if (TW.N > 1) e1 = Vector512.Load(init + 16);
        if (TW.N > 2) e2 = Vector512.Load(init + 32);
        if (TW.N > 3) e3 = Vector512.Load(init + 48);
        int p = 0;
        for (; p + 2 <= k; p += 2)
        {
            ushort* r0 = b + p * ldb;
            ushort* r1 = r0 + ldb;
            var a0 = Vector512.Create(x[p]);
            var a1 = Vector512.Create(x[p + 1]);
            e0 = Vector512.FusedMultiplyAdd(a0, Load512(r0), e0);
            o0 = Vector512.FusedMultiplyAdd(a1, Load512(r1), o0);
            if (TW.N > 1)
            {
                e1 = Vector512.FusedMultiplyAdd(a0, Load512(r0 + 16), e1);
                o1 = Vector512.FusedMultiplyAdd(a1, Load512(r1 + 16), o1);
            }
            if (TW.N > 2)
            {
                e2 = Vector512.FusedMultiplyAdd(a0, Load512(r0 + 32), e2);
                o2 = Vector512.FusedMultiplyAdd(a1, Load512(r1 + 32), o2);
            }
            if (TW.N > 3)
            {
                e3 = Vector512.FusedMultiplyAdd(a0, Load512(r0 + 48), e3);
                o3 = Vector512.FusedMultiplyAdd(a1, Load512(r1 + 48), o3);
            }
        }
        if (p < k)
        {
            ushort* r0 = b + p * ldb;
            var a0 = Vector512.Create(x[p]);
            e0 = Vector512.FusedMultiplyAdd(a0, Load512(r0), e0);
            if (TW.N > 1) e1 = Vector512.FusedMultiplyAdd(a0, Load512(r0 + 16), e1);
            if (TW.N > 2) e2 = Vector512.FusedMultiplyAdd(a0, Load512(r0 + 32), e2);
            if (TW.N > 3) e3 = Vector512.FusedMultiplyAdd(a0, Load512(r0 + 48), e3);
        }
        (e0 + o0).Store(y);
        if (TW.N > 1) (e1 + o1).Store(y + 16);
        if (TW.N > 2) (e2 + o2).Store(y + 32);
        if (TW.N > 3) (e3 + o3).Store(y + 48);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Chunk256<TW>(float* x, ushort* b, int k, float* init, float* y, int ldb) where TW : struct, ITileSize
    {
        Vector256<float> e0 = Vector256.Load(init), e1 = default, e2 = default, e3 = default;
        Vector256<float> o0 = default, o1 = default, o2 = default, o3 = default;
        if (TW.N > 1) e1 = Vector256.Load(init + 8);
        if (TW.N > 2) e2 = Vector256.Load(init + 16);
        if (TW.N > 3) e3 = Vector256.Load(init + 24);
        int p = 0;
        for (; p + 2 <= k; p += 2)
        {
            ushort* r0 = b + p * ldb;
            ushort* r1 = r0 + ldb;
            var a0 = Vector256.Create(x[p]);
            var a1 = Vector256.Create(x[p + 1]);
            e0 = Vector256.FusedMultiplyAdd(a0, Load256(r0), e0);
            o0 = Vector256.FusedMultiplyAdd(a1, Load256(r1), o0);
            if (TW.N > 1)
            {
                e1 = Vector256.FusedMultiplyAdd(a0, Load256(r0 + 8), e1);
                o1 = Vector256.FusedMultiplyAdd(a1, Load256(r1 + 8), o1);
            }
            if (TW.N > 2)
            {
                e2 = Vector256.FusedMultiplyAdd(a0, Load256(r0 + 16), e2);
                o2 = Vector256.FusedMultiplyAdd(a1, Load256(r1 + 16), o2);
            }
            if (TW.N > 3)
            {
                e3 = Vector256.FusedMultiplyAdd(a0, Load256(r0 + 24), e3);
                o3 = Vector256.FusedMultiplyAdd(a1, Load256(r1 + 24), o3);
            }
        }
        if (p < k)
        {
            ushort* r0 = b + p * ldb;
            var a0 = Vector256.Create(x[p]);
            e0 = Vector256.FusedMultiplyAdd(a0, Load256(r0), e0);
            if (TW.N > 1) e1 = Vector256.FusedMultiplyAdd(a0, Load256(r0 + 8), e1);
            if (TW.N > 2) e2 = Vector256.FusedMultiplyAdd(a0, Load256(r0 + 16), e2);
            if (TW.N > 3) e3 = Vector256.FusedMultiplyAdd(a0, Load256(r0 + 24), e3);
        }
        (e0 + o0).Store(y);
        if (TW.N > 1) (e1 + o1).Store(y + 8);
        if (TW.N > 2) (e2 + o2).Store(y + 16);
        if (TW.N > 3) (e3 + o3).Store(y + 24);
    }
}
