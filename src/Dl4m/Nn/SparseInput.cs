using System.Numerics;
using System.Numerics.Tensors;

namespace Dl4m.Nn;

/// <summary>
/// The nonzeros of an LSTM layer's input (rows × width, row-major) in compressed rows, when there are few of
/// them: the categorical model's input rows are one-hot groups (~5 ones in 211 values). Then x·W is a sum of
/// the kernel rows of the nonzero columns (gather-add) and the kernel gradient Xᵀ·dZ adds each row's dZ into
/// those kernel rows (scatter-add), instead of dense products that multiply mostly zeros.
/// <para>Same results as the dense <see cref="Kernels.Gemm"/> products, bit for bit on finite values: both
/// accumulate each output element with fused multiply-adds in increasing order of the shared index, and a
/// zero term's fused multiply-add leaves the sum unchanged, so skipping it changes nothing.</para>
/// Detection is generic (any input): it counts nonzeros and gives up once they pass 1/8 of the values (or of
/// the rows seen so far, plus one row).
/// </summary>
internal sealed class SparseInput
{
    /// <summary>Sparse when at most this share of the input is nonzero (gather-add beats the tiled GEMM well below it).</summary>
    private const int DensityDivisor = 8;

    private readonly int[] rowStart;   // (rows+1): nonzeros of row r are [rowStart[r], rowStart[r+1])
    private readonly int[] columns;    // column of each nonzero
    private readonly float[] values;   // value of each nonzero

    public SparseInput(int rows, int width)
    {
        rowStart = new int[rows + 1];
        int capacity = checked((int)Math.Max(1, (long)rows * width / DensityDivisor));
        columns = new int[capacity];
        values = new float[capacity];
    }

    /// <summary>True after a successful <see cref="TryBuild"/>, until the next call.</summary>
    public bool Active { get; private set; }

    /// <summary>
    /// Collects the nonzeros of <paramref name="input"/> (rows × width); false (and inactive) when there are more
    /// than 1/8 of the values, or when the input has more rows than this buffer was made for.
    /// </summary>
    public bool TryBuild(ReadOnlySpan<float> input, int rows, int width)
    {
        Active = false;
        if (rows + 1 > rowStart.Length || input.Length < rows * width) return false;
        int count = 0, lanes = Vector<float>.Count;
        for (int r = 0; r < rows; r++)
        {
            rowStart[r] = count;
            var row = input.Slice(r * width, width);
            int j = 0;
            // Whole vectors of zeros are skipped in one compare; only a vector with a nonzero is looked into.
            for (; j + lanes <= width; j += lanes)
            {
                if (Vector.EqualsAll(new Vector<float>(row.Slice(j, lanes)), Vector<float>.Zero)) continue;
                for (int k = j; k < j + lanes; k++)
                    if (row[k] != 0f && !Add(k, row[k], ref count)) return false;
            }
            for (; j < width; j++)
                if (row[j] != 0f && !Add(j, row[j], ref count)) return false;
            // A dense input (hidden states, the original model's features) shows itself in the first rows: stop there
            // rather than scan an eighth of it. One row's worth of slack keeps a dense first row from deciding alone.
            if (count > (long)(r + 1) * width / DensityDivisor + width) return false;
        }
        rowStart[rows] = count;
        Active = true;
        return true;
    }

    private bool Add(int column, float value, ref int count)
    {
        if (count == columns.Length) return false;
        columns[count] = column;
        values[count] = value;
        count++;
        return true;
    }

    /// <summary>y (rows × n) = x · <paramref name="weights"/> (width × n), for the rows of the last build.</summary>
    public void Multiply(ReadOnlySpan<float> weights, Span<float> y, int rows, int n)
    {
        for (int r = 0; r < rows; r++)
        {
            var yr = y.Slice(r * n, n);
            int start = rowStart[r], end = rowStart[r + 1];
            if (start == end)
            {
                yr.Clear();
                continue;
            }
            TensorPrimitives.Multiply(weights.Slice(columns[start] * n, n), values[start], yr);        // = fma(v, w, 0)
            for (int k = start + 1; k < end; k++)
                TensorPrimitives.FusedMultiplyAdd(weights.Slice(columns[k] * n, n), values[k], yr, yr); // += v·w
        }
    }

    /// <summary>
    /// <paramref name="gradient"/> (width × n) += x[rows first … first+count)ᵀ · <paramref name="dy"/> (count × n): each
    /// nonzero x[r, c] adds x[r, c]·dy[r] to gradient row c, rows in increasing order.
    /// </summary>
    public void AddTransposedProduct(int first, int count, ReadOnlySpan<float> dy, Span<float> gradient, int n)
    {
        for (int r = 0; r < count; r++)
        {
            var dyr = dy.Slice(r * n, n);
            for (int k = rowStart[first + r], end = rowStart[first + r + 1]; k < end; k++)
            {
                var target = gradient.Slice(columns[k] * n, n);
                TensorPrimitives.FusedMultiplyAdd(dyr, values[k], target, target);
            }
        }
    }
}
