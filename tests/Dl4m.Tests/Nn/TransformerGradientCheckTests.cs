using Dl4m.Nn;
using Dl4m.Nn.Transformer;

namespace Dl4m.Tests.Nn;

/// <summary>
/// Central finite differences of the loss against the backward pass, on the parameters of the relative attention:
/// every relative embedding (the rows a window of T &lt; C uses and the ones it must leave at zero gradient), and the
/// query, key and value kernels. float32 forward, so ε = 3e-3 and |analytic − numeric| ≤ 1e-3 + 1e-2·|numeric|.
/// </summary>
[Collection(KernelIsaCollection.Name)]
public sealed class TransformerGradientCheckTests
{
    [Theory]
    [MemberData(nameof(KernelIsaCollection.Paths), MemberType = typeof(KernelIsaCollection))]
    public void Relative_attention_gradients_match_central_differences(string isa)
    {
        using var path = KernelIsaCollection.Force(isa);
        var config = TransformerTests.Small with { Layers = 1, Context = 10 };
        using var network = TransformerNetwork.Create(config, seed: 21);
        var block = network.Parameters.First(p => p.Name == "block_1/attention/relative");
        var random = new Random(22);
        for (int i = 0; i < block.Data.Length; i++) block.Data[i] = (float)(random.NextDouble() - 0.5); // larger than the init: a visible effect
        int batch = 2, steps = 7;
        var x = TransformerTests.MultiHot(batch, steps, seed: 23);
        var target = new float[batch * steps * config.OutputSize];
        for (int i = 0; i < target.Length; i++) target[i] = (float)(random.NextDouble() * 2 - 1);
        network.ComputeGradients(x, target, batch, steps, MeanSquaredError.Instance);
        var analytic = network.Gradients.ToDictionary(g => g.Name, g => g.Data.ToArray());

        const float epsilon = 3e-3f;
        int checkedValues = 0, zeroRows = 0;
        foreach (string name in new[] { "block_1/attention/relative", "block_1/attention/qkv_kernel" })
        {
            var parameter = network.Parameters.First(p => p.Name == name);
            int stride = name.EndsWith("relative", StringComparison.Ordinal) ? 1 : 7; // every embedding; a spread of the kernel
            for (int i = 0; i < parameter.Data.Length; i += stride)
            {
                float saved = parameter.Data[i];
                parameter.Data[i] = saved + epsilon;
                double plus = network.ComputeGradients(x, target, batch, steps, MeanSquaredError.Instance);
                parameter.Data[i] = saved - epsilon;
                double minus = network.ComputeGradients(x, target, batch, steps, MeanSquaredError.Instance);
                parameter.Data[i] = saved;
                double numeric = (plus - minus) / (2 * epsilon);
                double a = analytic[name][i];
                Assert.True(Math.Abs(a - numeric) <= 1e-3 + 1e-2 * Math.Abs(numeric), $"{name}[{i}]: analytic {a:E4}, numeric {numeric:E4}");
                checkedValues++;
                if (name.EndsWith("relative", StringComparison.Ordinal) && (i / config.HeadWidth) % config.Context < config.Context - steps)
                {
                    Assert.Equal(0f, analytic[name][i]); // distances ≥ T never occur in a window of T steps
                    zeroRows++;
                }
            }
        }
        Assert.True(checkedValues > 200 && zeroRows > 0, $"{checkedValues} values checked, {zeroRows} unused embedding values");
    }
}
