using System.Numerics.Tensors;

namespace Dl4m.Nn;

/// <summary>
/// A copy (pointer) layer: the output logits of each head gain learned, input-dependent gates on tokens that the
/// model's input suggests. Its input is the previous layer's output, U logits followed by G = blocks × heads gates
/// (raw, linear); the suggestions are <see cref="LayerConfig.CopyBlocks"/> blocks of the model's own input row, each
/// U wide and laid out like the output (one-hot per head, or all zero for "no suggestion"):
/// <code>y[o] = a[o] + Σ_k a[U + k·H + h(o)] · x[offset + k·U + o]      h(o): the head of output o</code>
/// so "repeat what came k bars ago" is one gate value instead of one logit per head that the layers before would have
/// to learn to raise for whichever token was suggested. It has no weights: the gates are the previous Dense layer's
/// extra units, so they are learned there. The model input gets no gradient (it is data).
/// <para>Indexed blocks (<see cref="LayerConfig.CopyIndexed"/>) hold per head the suggested class's index + 1 (0 = none)
/// instead of the one-hot: the same sum, with one term per block and head.</para>
/// </summary>
internal sealed class CopyLayer : Layer
{
    private readonly int[] headStart;   // (heads+1) first output of each head, then U
    private readonly int blocks, inputOffset, modelInputSize;
    private readonly bool indexed;

    public CopyLayer(string name, LayerConfig config, int modelInputSize, bool sequence)
        : base(name, config.Units + config.CopyGates, config.Units, sequence, sequence)
    {
        var heads = config.CopyHeads ?? throw new ArgumentException("a copy layer needs its heads", nameof(config));
        headStart = new int[heads.Count + 1];
        for (int h = 0; h < heads.Count; h++) headStart[h + 1] = headStart[h] + heads[h];
        blocks = config.CopyBlocks;
        inputOffset = config.CopyInputOffset;
        indexed = config.CopyIndexed;
        this.modelInputSize = modelInputSize;
    }

    /// <summary>Heads of the output (H).</summary>
    private int Heads => headStart.Length - 1;

    public override NamedTensor[] Parameters { get; } = [];

    public override LayerBuffers CreateBuffers(int batch, int steps, bool needInputGradient) =>
        new DenseBuffers(batch, steps, SequenceIn ? checked(steps * batch) : batch, InputSize, OutputSize, needInputGradient);

    public override void PrepareBackward()
    {
    }

    public override void Forward(ReadOnlySpan<float> input, LayerBuffers buffers) =>
        throw new InvalidOperationException($"{Name} reads the model input: call the overload that passes it");

    public override void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> modelInput, LayerBuffers layerBuffers)
    {
        var buffers = (DenseBuffers)layerBuffers;
        Apply(input, modelInput, buffers.Values, buffers.Rows);
    }

    /// <summary>y (rows,U) = logits + gated suggestions, from a (rows,U+G) and the model input (rows,F).</summary>
    public void Apply(ReadOnlySpan<float> input, ReadOnlySpan<float> modelInput, Span<float> output, int rows)
    {
        int u = OutputSize, width = InputSize, heads = Heads;
        if (indexed)
        {
            for (int r = 0; r < rows; r++)
            {
                var a = input.Slice(r * width, width);                                  // (U+G)
                var x = modelInput.Slice(r * modelInputSize + inputOffset, blocks * heads); // (blocks,H) class + 1, 0 = none
                var y = output.Slice(r * u, u);                                         // (U)
                a[..u].CopyTo(y);
                for (int k = 0; k < blocks; k++)
                    for (int h = 0; h < heads; h++)
                        if (SuggestedOutput(x[k * heads + h], h) is int o and >= 0) y[o] += a[u + k * heads + h]; // y_o += g_kh
            }
            return;
        }
        for (int r = 0; r < rows; r++)
        {
            var a = input.Slice(r * width, width);                                      // (U+G)
            var x = modelInput.Slice(r * modelInputSize + inputOffset, blocks * u);     // (blocks,U) one-hot suggestions
            var y = output.Slice(r * u, u);                                             // (U)
            a[..u].CopyTo(y);
            for (int k = 0; k < blocks; k++)
                for (int h = 0; h < heads; h++)
                {
                    int start = headStart[h], count = headStart[h + 1] - start;
                    var yh = y.Slice(start, count);
                    TensorPrimitives.FusedMultiplyAdd(x.Slice(k * u + start, count), a[u + k * heads + h], yh, yh); // y_h += g_kh · x_kh
                }
        }
    }

    /// <summary>The output index an indexed block value suggests for head <paramref name="head"/> (value = class + 1), or −1 for none or a value outside the head.</summary>
    private int SuggestedOutput(float value, int head)
    {
        int suggested = (int)value - 1, count = headStart[head + 1] - headStart[head];
        return suggested >= 0 && suggested < count ? headStart[head] + suggested : -1;
    }

    public override void Backward(ReadOnlySpan<float> input, LayerBuffers buffers, Span<float> outputGradient, float[][] gradients) =>
        throw new InvalidOperationException($"{Name} reads the model input: call the overload that passes it");

    public override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> modelInput, LayerBuffers layerBuffers, Span<float> outputGradient, float[][] gradients)
    {
        var buffers = (DenseBuffers)layerBuffers;
        if (buffers.InputGradient.Length == 0) return; // no weights: only dA is there to compute
        int u = OutputSize, width = InputSize, heads = Heads;
        if (indexed)
        {
            for (int r = 0; r < buffers.Rows; r++)
            {
                var dy = outputGradient.Slice(r * u, u);                                // (U)
                var x = modelInput.Slice(r * modelInputSize + inputOffset, blocks * heads); // (blocks,H)
                var da = buffers.InputGradient.AsSpan(r * width, width);                // (U+G)
                dy.CopyTo(da);                                                          // dlogits = dy
                for (int k = 0; k < blocks; k++)
                    for (int h = 0; h < heads; h++)
                        da[u + k * heads + h] = SuggestedOutput(x[k * heads + h], h) is int o and >= 0 ? dy[o] : 0f; // dg_kh = dy_o
            }
            return;
        }
        for (int r = 0; r < buffers.Rows; r++)
        {
            var dy = outputGradient.Slice(r * u, u);                                    // (U)
            var x = modelInput.Slice(r * modelInputSize + inputOffset, blocks * u);     // (blocks,U)
            var da = buffers.InputGradient.AsSpan(r * width, width);                    // (U+G)
            dy.CopyTo(da);                                                              // dlogits = dy
            for (int k = 0; k < blocks; k++)
                for (int h = 0; h < heads; h++)
                {
                    int start = headStart[h], count = headStart[h + 1] - start;
                    da[u + k * heads + h] = TensorPrimitives.Dot(dy.Slice(start, count), x.Slice(k * u + start, count)); // dg_kh = dy_h · x_kh
                }
        }
    }
}
