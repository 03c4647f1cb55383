using BenchmarkDotNet.Attributes;
using Dl4m.Nn.Kernels;

namespace Dl4m.Bench;

/// <summary>The three matrix products of an LSTM(48) step for one thread's half of a batch of 64.</summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private readonly float[] h = Fill(32 * 48), u = Fill(48 * 192), gates = Fill(32 * 192), ut = Fill(192 * 48), dh = Fill(32 * 48);
    private readonly float[] hAll = Fill(1024 * 48), dzAll = Fill(1024 * 192), du = Fill(48 * 192);

    private static float[] Fill(int n)
    {
        var r = new Random(1);
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)r.NextDouble() - 0.5f;
        return a;
    }

    /// <summary>Forward recurrence: gates (32,192) += h (32,48)·U (48,192).</summary>
    [Benchmark]
    public void HiddenTimesRecurrent() => Gemm.MultiplyNN(h, u, gates, 32, 48, 192, accumulate: true);

    /// <summary>Backward recurrence: dh (32,48) = dZ (32,192)·Uᵀ (192,48).</summary>
    [Benchmark]
    public void GateGradientTimesRecurrentTransposed() => Gemm.MultiplyNN(gates, ut, dh, 32, 192, 48, accumulate: false);

    /// <summary>Weight gradient over a whole window: dU (48,192) += Hᵀ (48,1024)·dZ (1024,192).</summary>
    [Benchmark]
    public void RecurrentWeightGradient() => Gemm.MultiplyTN(hAll, dzAll, du, 48, 1024, 192, accumulate: true);
}
