using System.Numerics.Tensors;
using Dl4m.Nn.Kernels;

namespace Dl4m.Nn.Transformer;

/// <summary>
/// One thread's share of a batch: windows [BatchStart, BatchStart + Batch), batch-major (b,T,·) as the caller's
/// arrays, every activation the backward needs, and (for workers after the first) private gradient accumulators that
/// the network adds up in worker order, so results depend on the thread count but not on timing. R = Batch·T rows.
/// All buffers are made here, for at most <see cref="Capacity"/> windows: a step allocates nothing.
/// </summary>
internal sealed unsafe class TransformerWorker
{
    private readonly TransformerConfig config;
    private readonly TransformerWeights weights;
    private readonly TransposedWeights transposed;
    private readonly int d, heads, dh, ff, layers, t, inputSize, outputSize;
    private readonly SparseInput sparse;
    // activations, per block
    private readonly float[][] stream;        // L+1 × (R,D): the residual stream entering each block, and after the last
    private readonly float[][] norm1, norm2;  // L × (R,D): LayerNorm outputs
    private readonly float[][] norm1Mean, norm1Rstd, norm2Mean, norm2Rstd; // L × (R)
    private readonly float[][] q, k, v;       // L × (b,H,T,Dh) head-major; q scaled by 1/√Dh
    private readonly float[][] probabilities; // L × (b,H,T,T)
    private readonly float[][] attention;     // L × (R,D): the heads' outputs side by side
    private readonly float[][] middle;        // L × (R,D): the stream after the attention's residual add
    private readonly float[][] up, gelu;      // L × (R,FF): feed-forward pre-activation and GELU output
    private readonly float[] finalNorm, finalMean, finalRstd; // (R,D), (R), (R)
    // scratch
    private readonly float[] qkv;             // (R,3D), reused as dQKV
    private readonly float[] gradStream, gradMiddle, gradRows; // (R,D)
    private readonly float[] gradWide, gradWide2;             // (R,FF)
    private readonly float[] gradQ, gradK, gradV;             // (b,H,T,Dh)
    private readonly float[] attentionScratch, normScratch;

    public TransformerWorker(TransformerConfig config, TransformerWeights weights, TransposedWeights transposed,
        int capacity, int steps, TransformerWeights gradients)
    {
        this.config = config;
        this.weights = weights;
        this.transposed = transposed;
        Gradients = gradients;
        Capacity = capacity;
        Steps = steps;
        d = config.Width; heads = config.Heads; dh = config.HeadWidth; ff = config.FeedForward; layers = config.Layers;
        t = steps; inputSize = config.InputSize; outputSize = config.OutputSize;
        int rows = checked(capacity * steps);
        float[][] Many(int count, int size) => [.. Enumerable.Range(0, count).Select(_ => new float[size])];
        Input = new float[checked(rows * inputSize)];
        Output = new float[checked(rows * outputSize)];
        OutputGradient = new float[Output.Length];
        sparse = new SparseInput(rows, inputSize);
        stream = Many(layers + 1, rows * d);
        norm1 = Many(layers, rows * d);
        norm2 = Many(layers, rows * d);
        norm1Mean = Many(layers, rows);
        norm1Rstd = Many(layers, rows);
        norm2Mean = Many(layers, rows);
        norm2Rstd = Many(layers, rows);
        q = Many(layers, rows * d);
        k = Many(layers, rows * d);
        v = Many(layers, rows * d);
        probabilities = Many(layers, checked(capacity * heads * steps * steps));
        attention = Many(layers, rows * d);
        middle = Many(layers, rows * d);
        up = Many(layers, checked(rows * ff));
        gelu = Many(layers, checked(rows * ff));
        finalNorm = new float[rows * d];
        finalMean = new float[rows];
        finalRstd = new float[rows];
        qkv = new float[checked(rows * 3 * d)];
        gradStream = new float[rows * d];
        gradMiddle = new float[rows * d];
        gradRows = new float[rows * d];
        gradWide = new float[checked(rows * ff)];
        gradWide2 = new float[checked(rows * ff)];
        gradQ = new float[rows * d];
        gradK = new float[rows * d];
        gradV = new float[rows * d];
        attentionScratch = new float[RelativeAttention.ScratchSize(steps, dh)];
        normScratch = new float[2 * d];
    }

    /// <summary>The slice's first window in the batch (keys its dropout masks).</summary>
    public int BatchStart { get; set; }

    /// <summary>Windows in this call (≤ <see cref="Capacity"/>).</summary>
    public int Batch { get; set; }

    /// <summary>Windows the buffers hold.</summary>
    public int Capacity { get; }

    public int Steps { get; }

    /// <summary>(b,T,F) this slice's input.</summary>
    public float[] Input { get; }

    /// <summary>(b,T,O) this slice's logits.</summary>
    public float[] Output { get; }

    /// <summary>(b,T,O) dLoss/dLogits.</summary>
    public float[] OutputGradient { get; }

    /// <summary>(b,T,W) this slice's targets; reallocated only when W changes.</summary>
    public float[] Target { get; set; } = [];

    /// <summary>Gradient accumulators (the network's own for worker 0).</summary>
    public TransformerWeights Gradients { get; }

    /// <summary>Mean of the loss over this slice's rows after <see cref="Train"/>.</summary>
    public double MeanLoss { get; private set; }

    /// <summary>Output rows of this slice in this call: b·T.</summary>
    public int Rows => Batch * Steps;

    /// <summary>Dropout of this call (0 for inference) and its mask's (seed, step).</summary>
    public double DropoutRate { get; set; }
    public ulong DropoutSeed { get; set; }
    public ulong DropoutStep { get; set; }

    /// <summary>The forward pass over this slice: Output (b,T,O) from Input (b,T,F).</summary>
    public void Forward()
    {
        int rows = Rows;
        // Embedding: stream₀ (R,D) = X·W_e + b_e; the categorical input is multi-hot, so a gather-add when sparse.
        var x = Input.AsSpan(0, rows * inputSize);
        var h0 = stream[0].AsSpan(0, rows * d);
        if (sparse.TryBuild(x, rows, inputSize)) sparse.Multiply(weights.Embedding.Data, h0, rows, d);
        else Gemm.MultiplyNN(x, weights.Embedding.Data, h0, rows, inputSize, d, accumulate: false);
        AddBias(h0, weights.EmbeddingBias.Data, rows);
        for (int l = 0; l < layers; l++) BlockForward(l, rows);
        var last = stream[layers].AsSpan(0, rows * d);
        LayerNorm.Forward(last, weights.FinalGain.Data, weights.FinalBias.Data, finalNorm, finalMean, finalRstd, rows, d);
        Linear(finalNorm, weights.Output.Data, weights.OutputBias.Data, Output, rows, d, outputSize); // (R,O)
    }

    private void BlockForward(int l, int rows)
    {
        var block = weights.Blocks[l];
        var h = stream[l].AsSpan(0, rows * d);
        var a = norm1[l].AsSpan(0, rows * d);
        LayerNorm.Forward(h, block.Norm1Gain.Data, block.Norm1Bias.Data, a, norm1Mean[l], norm1Rstd[l], rows, d); // (R,D)
        Linear(a, block.Qkv.Data, block.QkvBias.Data, qkv, rows, d, 3 * d);                                   // (R,3D)
        SplitHeads(qkv, q[l], k[l], v[l], rows, 1f / MathF.Sqrt(dh));                                          // (b,H,T,Dh) ×3
        fixed (float* pq = q[l], pk = k[l], pv = v[l], pe = transposed.RelativeT[l], pp = probabilities[l], po = attention[l], ps = attentionScratch)
            for (int b = 0; b < Batch; b++)
                for (int head = 0; head < heads; head++)
                {
                    long slot = ((long)b * heads + head) * t * dh;
                    RelativeAttention.Forward(pq + slot, pk + slot, pv + slot, pe + head * dh * config.Context, config.Context,
                        pp + ((long)b * heads + head) * t * t, po + (long)b * t * d + head * dh, d, t, dh, ps); // (T,Dh) into (R,D)
                }
        var mid = middle[l].AsSpan(0, rows * d);
        Linear(attention[l].AsSpan(0, rows * d), block.Out.Data, block.OutBias.Data, mid, rows, d, d);        // (R,D)
        Dropout(mid, 2 * l);
        TensorPrimitives.Add(mid, h, mid);                                                                     // residual
        var a2 = norm2[l].AsSpan(0, rows * d);
        LayerNorm.Forward(mid, block.Norm2Gain.Data, block.Norm2Bias.Data, a2, norm2Mean[l], norm2Rstd[l], rows, d);
        var u = up[l].AsSpan(0, rows * ff);
        Linear(a2, block.Up.Data, block.UpBias.Data, u, rows, d, ff);                                           // (R,FF)
        var g = gelu[l].AsSpan(0, rows * ff);
        Gelu.Forward(u, g);
        var next = stream[l + 1].AsSpan(0, rows * d);
        Linear(g, block.Down.Data, block.DownBias.Data, next, rows, ff, d);                                    // (R,D)
        Dropout(next, 2 * l + 1);
        TensorPrimitives.Add(next, mid, next);                                                                 // residual
    }

    /// <summary>Forward, the loss's mean and gradient over this slice (scaled by its share of the batch), and backward.</summary>
    public void Train(IOutputLoss loss, int workerIndex, float sliceWeight)
    {
        Forward();
        int rows = Rows;
        var dy = OutputGradient.AsSpan(0, rows * outputSize);
        MeanLoss = loss.Compute(Output.AsSpan(0, rows * outputSize), Target, dy, rows, workerIndex);
        if (sliceWeight != 1f) TensorPrimitives.Multiply(dy, sliceWeight, dy);
        Backward(dy, rows);
    }

    private void Backward(Span<float> dy, int rows)
    {
        var grads = Gradients;
        grads.Clear();
        // Output layer: dW_o += LNᵀ·dY, db_o += Σ dY, dLN = dY·W_oᵀ   (R,O) → (R,D)
        Gemm.MultiplyTN(finalNorm, dy, grads.Output.Data, d, rows, outputSize, accumulate: true);
        AddColumnSums(dy, grads.OutputBias.Data, rows);
        var dNorm = gradRows.AsSpan(0, rows * d);
        Gemm.MultiplyNN(dy, transposed.OutputT, dNorm, rows, outputSize, d, accumulate: false);
        var dH = gradStream.AsSpan(0, rows * d);
        LayerNorm.Backward(stream[layers], dNorm, weights.FinalGain.Data, finalMean, finalRstd, dH, grads.FinalGain.Data,
            grads.FinalBias.Data, normScratch, rows, d, accumulate: false);
        for (int l = layers - 1; l >= 0; l--) BlockBackward(l, rows, dH);
        // Embedding: dW_e += Xᵀ·dH₀ (scatter-add of the nonzeros when sparse), db_e += Σ dH₀
        if (sparse.Active) sparse.AddTransposedProduct(0, rows, dH, grads.Embedding.Data, d);
        else Gemm.MultiplyTN(Input.AsSpan(0, rows * inputSize), dH, grads.Embedding.Data, inputSize, rows, d, accumulate: true);
        AddColumnSums(dH, grads.EmbeddingBias.Data, rows);
    }

    /// <summary>dH (R,D): in, the gradient at the block's output; out, at its input.</summary>
    private void BlockBackward(int l, int rows, Span<float> dH)
    {
        var block = weights.Blocks[l];
        var grad = Gradients.Blocks[l];
        // Feed-forward branch: next = mid + drop(GELU(LN₂(mid)·W_up + b_up)·W_down + b_down)
        var dF = gradRows.AsSpan(0, rows * d);
        dH.CopyTo(dF);
        Dropout(dF, 2 * l + 1);
        var g = gelu[l].AsSpan(0, rows * ff);
        Gemm.MultiplyTN(g, dF, grad.Down.Data, ff, rows, d, accumulate: true);                     // dW_down (FF,D)
        AddColumnSums(dF, grad.DownBias.Data, rows);
        var dG = gradWide.AsSpan(0, rows * ff);
        Gemm.MultiplyNN(dF, transposed.DownT[l], dG, rows, d, ff, accumulate: false);              // (R,FF)
        var dU = gradWide2.AsSpan(0, rows * ff);
        Gelu.Backward(up[l].AsSpan(0, rows * ff), dG, dU, g);                                      // g: scratch from here
        Gemm.MultiplyTN(norm2[l].AsSpan(0, rows * d), dU, grad.Up.Data, d, rows, ff, accumulate: true); // dW_up (D,FF)
        AddColumnSums(dU, grad.UpBias.Data, rows);
        var dA2 = gradRows.AsSpan(0, rows * d);
        Gemm.MultiplyNN(dU, transposed.UpT[l], dA2, rows, ff, d, accumulate: false);               // (R,D)
        var dMid = gradMiddle.AsSpan(0, rows * d);
        dH.CopyTo(dMid);                                                                            // residual path
        LayerNorm.Backward(middle[l], dA2, block.Norm2Gain.Data, norm2Mean[l], norm2Rstd[l], dMid, grad.Norm2Gain.Data,
            grad.Norm2Bias.Data, normScratch, rows, d, accumulate: true);
        // Attention branch: mid = h + drop(Att·W_out + b_out)
        var dP = gradRows.AsSpan(0, rows * d);
        dMid.CopyTo(dP);
        Dropout(dP, 2 * l);
        Gemm.MultiplyTN(attention[l].AsSpan(0, rows * d), dP, grad.Out.Data, d, rows, d, accumulate: true); // dW_out
        AddColumnSums(dP, grad.OutBias.Data, rows);
        var dAtt = dH; // dH is free until the block's input gradient is written at the end
        Gemm.MultiplyNN(dP, transposed.OutT[l], dAtt, rows, d, d, accumulate: false);              // (R,D)
        fixed (float* pq = q[l], pk = k[l], pv = v[l], pe = block.Relative.Data, pp = probabilities[l], pdo = dAtt,
               pdq = gradQ, pdk = gradK, pdv = gradV, pde = grad.Relative.Data, ps = attentionScratch)
            for (int b = 0; b < Batch; b++)
                for (int head = 0; head < heads; head++)
                {
                    long slot = ((long)b * heads + head) * t * dh;
                    RelativeAttention.Backward(pq + slot, pk + slot, pv + slot, pe + head * config.Context * dh, config.Context,
                        pp + ((long)b * heads + head) * t * t, pdo + (long)b * t * d + head * dh, d,
                        pdq + slot, pdk + slot, pdv + slot, pde + head * config.Context * dh, t, dh, ps);
                }
        MergeHeads(gradQ, gradK, gradV, qkv, rows, 1f / MathF.Sqrt(dh));                           // dQKV (R,3D)
        var dQkv = qkv.AsSpan(0, rows * 3 * d);
        Gemm.MultiplyTN(norm1[l].AsSpan(0, rows * d), dQkv, grad.Qkv.Data, d, rows, 3 * d, accumulate: true);
        AddColumnSums(dQkv, grad.QkvBias.Data, rows);
        // The key bias adds q_i·b_k to every score of row i, which the softmax cancels: its gradient is exactly zero
        // (Σ_j dS[i,j] = 0). Written as such, not as round-off, which Adam would otherwise blow up to steps of ~lr.
        grad.QkvBias.Data.AsSpan(d, d).Clear();
        var dA1 = gradRows.AsSpan(0, rows * d);
        Gemm.MultiplyNN(dQkv, transposed.QkvT[l], dA1, rows, 3 * d, d, accumulate: false);         // (R,D)
        dMid.CopyTo(dH);                                                                            // residual path
        LayerNorm.Backward(stream[l], dA1, block.Norm1Gain.Data, norm1Mean[l], norm1Rstd[l], dH, grad.Norm1Gain.Data,
            grad.Norm1Bias.Data, normScratch, rows, d, accumulate: true);
    }

    /// <summary>(R,3D) → Q·scale, K, V head-major (b,H,T,Dh).</summary>
    private void SplitHeads(float[] source, float[] qOut, float[] kOut, float[] vOut, int rows, float scale)
    {
        for (int r = 0; r < rows; r++)
        {
            int b = r / t, step = r % t;
            for (int head = 0; head < heads; head++)
            {
                int slot = ((b * heads + head) * t + step) * dh;
                var src = source.AsSpan(r * 3 * d + head * dh, dh);
                TensorPrimitives.Multiply(src, scale, qOut.AsSpan(slot, dh));
                source.AsSpan(r * 3 * d + d + head * dh, dh).CopyTo(kOut.AsSpan(slot, dh));
                source.AsSpan(r * 3 * d + 2 * d + head * dh, dh).CopyTo(vOut.AsSpan(slot, dh));
            }
        }
    }

    /// <summary>dQ (of the scaled Q), dK, dV head-major → (R,3D), dQ multiplied by the scale.</summary>
    private void MergeHeads(float[] dq, float[] dk, float[] dv, float[] target, int rows, float scale)
    {
        for (int r = 0; r < rows; r++)
        {
            int b = r / t, step = r % t;
            for (int head = 0; head < heads; head++)
            {
                int slot = ((b * heads + head) * t + step) * dh;
                TensorPrimitives.Multiply(dq.AsSpan(slot, dh), scale, target.AsSpan(r * 3 * d + head * dh, dh));
                dk.AsSpan(slot, dh).CopyTo(target.AsSpan(r * 3 * d + d + head * dh, dh));
                dv.AsSpan(slot, dh).CopyTo(target.AsSpan(r * 3 * d + 2 * d + head * dh, dh));
            }
        }
    }

    private void Dropout(Span<float> values, int site)
    {
        if (DropoutRate <= 0) return;
        HashDropout.Apply(values, DropoutRate, DropoutSeed, DropoutStep, (ulong)site, (long)BatchStart * t * d);
    }

    /// <summary>y (R,N) = x (R,K)·W (K,N) + b.</summary>
    private static void Linear(ReadOnlySpan<float> x, float[] w, float[] bias, Span<float> y, int rows, int k, int n)
    {
        var yr = y[..(rows * n)];
        for (int r = 0; r < rows; r++) bias.CopyTo(yr.Slice(r * n, n));
        Gemm.MultiplyNN(x[..(rows * k)], w, yr, rows, k, n, accumulate: true);
    }

    private void AddBias(Span<float> y, float[] bias, int rows)
    {
        int n = bias.Length;
        for (int r = 0; r < rows; r++) TensorPrimitives.Add(y.Slice(r * n, n), bias, y.Slice(r * n, n));
    }

    private static void AddColumnSums(ReadOnlySpan<float> dy, float[] sums, int rows)
    {
        int n = sums.Length;
        for (int r = 0; r < rows; r++) TensorPrimitives.Add(sums, dy.Slice(r * n, n), sums);
    }
}
