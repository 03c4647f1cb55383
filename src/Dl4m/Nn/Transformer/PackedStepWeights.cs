using Dl4m.Nn.Kernels;

namespace Dl4m.Nn.Transformer;

/// <summary>
/// One <see cref="CachedStepPart"/>'s columns of every kernel a cached step multiplies by (per block Q, K, V, the
/// attention's projection, the feed-forward's up and down projections; the output), copied into one array in the
/// order the step reads them (<see cref="PackedColumns"/>). Read in place, a part's columns of a row-major kernel
/// are short pieces of every row, spaced a row apart: the part then uses only some of its L2's sets (half of them
/// for a half of a power-of-two-wide kernel) and the prefetchers see many short streams. Packed, the part's ≈0.8 MB
/// (at the default shape, 2 threads) is one sequential stream spread over all sets. A product over the packed
/// panels gives bit-identical results: every column is still the same dot product in the same order.
/// </summary>
internal sealed class PackedStepWeights
{
    private readonly List<(float[] Source, PackedColumns Range)> ranges = [];

    public PackedStepWeights(TransformerConfig config, TransformerWeights weights, int part, int parts, CachedWeightFormat format)
    {
        Format = format;
        int d = config.Width, f = config.FeedForward;
        var model = CachedStepPart.Columns(d, part, parts);
        var feedForward = CachedStepPart.Columns(f, part, parts);
        var qkv = CachedStepPart.QkvColumns(config, part, parts);
        int offset = 0;
        PackedColumns Add(float[] source, int k, int n, int first, int count)
        {
            var range = new PackedColumns(offset, k, n, first, count);
            ranges.Add((source, range));
            offset += range.Length;
            return range;
        }
        Qkv = new PackedColumns[config.Layers][];
        Out = new PackedColumns[config.Layers];
        Up = new PackedColumns[config.Layers];
        Down = new PackedColumns[config.Layers];
        for (int l = 0; l < config.Layers; l++)
        {
            var block = weights.Blocks[l];
            Qkv[l] = [.. Enumerable.Range(0, 3).Select(third => Add(block.Qkv.Data, d, 3 * d, third * d + qkv.First, qkv.Count))];
            Out[l] = Add(block.Out.Data, d, d, model.First, model.Count);
            Up[l] = Add(block.Up.Data, d, f, feedForward.First, feedForward.Count);
            Down[l] = Add(block.Down.Data, f, d, model.First, model.Count);
        }
        var output = CachedStepPart.Columns(config.OutputSize, part, parts);
        Output = Add(weights.Output.Data, d, config.OutputSize, output.First, output.Count);
        Data = format == CachedWeightFormat.Fp32 ? new float[offset] : [];
        Bf16 = format == CachedWeightFormat.Bf16 ? new ushort[offset] : [];
        Refresh();
    }

    /// <summary>Which of <see cref="Data"/> and <see cref="Bf16"/> holds the panels.</summary>
    public CachedWeightFormat Format { get; }

    /// <summary>The packed panels in step order, fp32 (empty in the bf16 format).</summary>
    public float[] Data { get; }

    /// <summary>The packed panels in step order, bfloat16 (empty in the fp32 format).</summary>
    public ushort[] Bf16 { get; }

    public PackedColumns[][] Qkv { get; }   // per block: this part's Q, K and V columns of qkv_kernel (D,3D)
    public PackedColumns[] Out { get; }     // per block: columns of out_kernel (D,D)
    public PackedColumns[] Up { get; }      // per block: columns of up_kernel (D,FF)
    public PackedColumns[] Down { get; }    // per block: columns of down_kernel (FF,D)
    public PackedColumns Output { get; }    // columns of output/kernel (D,O)

    /// <summary>Copies the weights' current values in (allocates nothing).</summary>
    public void Refresh()
    {
        foreach (var (source, range) in ranges)
        {
            int offset = range.Offset;
            for (int panel = 0; panel < range.Count; panel += PackedColumns.PanelWidth)
            {
                int width = Math.Min(PackedColumns.PanelWidth, range.Count - panel);
                for (int k = 0; k < range.K; k++, offset += width)
                {
                    var row = source.AsSpan(k * range.N + range.First + panel, width);
                    if (Format == CachedWeightFormat.Fp32) row.CopyTo(Data.AsSpan(offset, width));
                    else for (int i = 0; i < width; i++) Bf16[offset + i] = MatVecBf16.ToBf16(row[i]);
                }
            }
        }
    }

    /// <summary>
    /// y[First … First+Count−1] = init[…] + x·W[:, First … First+Count−1] from the packed panels of
    /// <paramref name="range"/>; the other elements of <paramref name="y"/> are left alone.
    /// </summary>
    public void MultiplyAdd(ReadOnlySpan<float> x, in PackedColumns range, ReadOnlySpan<float> init, Span<float> y)
    {
        int offset = range.Offset;
        for (int panel = 0; panel < range.Count; panel += PackedColumns.PanelWidth)
        {
            int width = Math.Min(PackedColumns.PanelWidth, range.Count - panel), column = range.First + panel;
            if (Format == CachedWeightFormat.Fp32)
                MatVec.MultiplyAdd(x, Data.AsSpan(offset, range.K * width), init.Slice(column, width), y.Slice(column, width), range.K, width);
            else MatVecBf16.MultiplyAdd(x, Bf16.AsSpan(offset, range.K * width), init.Slice(column, width), y.Slice(column, width), range.K, width);
            offset += range.K * width;
        }
    }
}
