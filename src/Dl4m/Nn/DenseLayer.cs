using System.Numerics.Tensors;
using Dl4m.Nn.Kernels;

namespace Dl4m.Nn;

/// <summary>Dense layer y = act(x·K + b), K (In,Out), applied row by row (to every step of a sequence).</summary>
internal sealed class DenseLayer : Layer
{
    private readonly Activation activation;

    public DenseLayer(string name, int inputSize, int outputSize, Activation activation, bool sequence)
        : base(name, inputSize, outputSize, sequence, sequence)
    {
        this.activation = activation;
        Kernel = new NamedTensor(name + "/kernel", [inputSize, outputSize], new float[inputSize * outputSize]);
        Bias = new NamedTensor(name + "/bias", [outputSize], new float[outputSize]);
        KernelT = new float[outputSize * inputSize];
        Parameters = [Kernel, Bias];
    }

    /// <summary>K (In,Out).</summary>
    public NamedTensor Kernel { get; }

    /// <summary>b (Out).</summary>
    public NamedTensor Bias { get; }

    /// <summary>Kᵀ (Out,In), for dX = dZ·Kᵀ.</summary>
    private float[] KernelT { get; }

    public override NamedTensor[] Parameters { get; }

    public override LayerBuffers CreateBuffers(int batch, int steps, bool needInputGradient) =>
        new DenseBuffers(batch, steps, SequenceIn ? checked(steps * batch) : batch, InputSize, OutputSize, needInputGradient);

    public override void PrepareBackward()
    {
        if (ComputesInputGradient) LstmLayer.Transpose(Kernel.Data, KernelT, InputSize, OutputSize);
    }

    public override void Forward(ReadOnlySpan<float> input, LayerBuffers layerBuffers)
    {
        var buffers = (DenseBuffers)layerBuffers;
        Apply(input, buffers.Values, buffers.Rows);
    }

    /// <summary>y (rows,Out) = act(x (rows,In)·K + b).</summary>
    public void Apply(ReadOnlySpan<float> input, Span<float> output, int rows)
    {
        int n = OutputSize;
        if (rows == 1)
        {
            MatVec.MultiplyAdd(input, Kernel.Data, Bias.Data, output, InputSize, n);   // generation: one row
        }
        else
        {
            for (int r = 0; r < rows; r++) Bias.Data.CopyTo(output.Slice(r * n, n));
            Gemm.MultiplyNN(input, Kernel.Data, output, rows, InputSize, n, accumulate: true);
        }
        var y = output[..(rows * n)];
        switch (activation)
        {
            case Activation.Relu: TensorPrimitives.Max(y, 0f, y); break;
            case Activation.Tanh: TensorPrimitives.Tanh(y, y); break;
            case Activation.Sigmoid: TensorPrimitives.Sigmoid(y, y); break;
        }
    }

    public override void Backward(ReadOnlySpan<float> input, LayerBuffers layerBuffers, Span<float> outputGradient, float[][] gradients)
    {
        var buffers = (DenseBuffers)layerBuffers;
        int rows = buffers.Rows, n = OutputSize;
        var dz = outputGradient[..(rows * n)];        // (rows,Out), becomes dLoss/d(pre-activation)
        ReadOnlySpan<float> y = buffers.Values;
        switch (activation)
        {
            case Activation.Relu:
                for (int i = 0; i < dz.Length; i++) if (y[i] <= 0f) dz[i] = 0f;
                break;
            case Activation.Tanh:
                for (int i = 0; i < dz.Length; i++) dz[i] *= 1f - y[i] * y[i];
                break;
            case Activation.Sigmoid:
                for (int i = 0; i < dz.Length; i++) dz[i] *= y[i] * (1f - y[i]);
                break;
        }
        Gemm.MultiplyTN(input, dz, gradients[FirstParameter], InputSize, rows, n, accumulate: true);  // dK += Xᵀ·dZ
        var dBias = gradients[FirstParameter + 1].AsSpan();
        for (int r = 0; r < rows; r++) TensorPrimitives.Add(dBias, dz.Slice(r * n, n), dBias);      // db += Σ dZ
        if (buffers.InputGradient.Length > 0)
            Gemm.MultiplyNN(dz, KernelT, buffers.InputGradient, rows, n, InputSize, accumulate: false); // dX = dZ·Kᵀ
    }
}
