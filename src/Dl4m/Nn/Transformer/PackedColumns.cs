namespace Dl4m.Nn.Transformer;

/// <summary>
/// Where one product's column range sits in a <see cref="PackedStepWeights"/> array: columns
/// <see cref="First"/> … <see cref="First"/>+<see cref="Count"/>−1 of a (K,N) kernel, stored from
/// <see cref="Offset"/> as panels of at most 64 columns, each panel (K, its width) row-major and the panels one
/// after another. A panel is what one pass of <see cref="Kernels.MatVec"/> reads (its widest tile is 64 columns),
/// so a product reads one contiguous run of memory.
/// </summary>
internal readonly record struct PackedColumns(int Offset, int K, int N, int First, int Count)
{
    public const int PanelWidth = 64;

    /// <summary>Floats this range takes.</summary>
    public int Length => K * Count;
}
