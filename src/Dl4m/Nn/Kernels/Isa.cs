namespace Dl4m.Nn.Kernels;

/// <summary>Which instruction-set path the kernels take, from the slowest to the fastest.</summary>
internal enum Isa
{
    /// <summary>Plain loops (MathF.FusedMultiplyAdd): any CPU.</summary>
    Scalar,

    /// <summary>8-lane Vector256 with FMA (AVX2 + FMA: most laptops).</summary>
    Avx2,

    /// <summary>16-lane Vector512 (AVX-512), with 8-lane vectors for column tails.</summary>
    Avx512,
}
