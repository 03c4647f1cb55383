using Dl4m.Nn;

namespace Dl4m.Tests.Nn;

public class AdamTests
{
    [Fact]
    public void FollowsPyTorchsFormula()
    {
        using var model = Model.Create(new ModelConfig { InputSize = 1, Layers = [LayerConfig.Dense(1)] }, seed: 0);
        var w = model.Parameters[0].Data;
        var g = model.Gradients[0].Data;
        w[0] = 0.5f;
        var adam = new Adam(model);
        double m = 0, v = 0, p = 0.5;
        float[] grads = [0.3f, -0.1f, 2f];
        for (int t = 1; t <= 3; t++)
        {
            g[0] = grads[t - 1];
            adam.Step();
            m = 0.9 * m + 0.1 * grads[t - 1];
            v = 0.999 * v + 0.001 * grads[t - 1] * grads[t - 1];
            p -= 0.001 / (1 - Math.Pow(0.9, t)) * m / (Math.Sqrt(v) / Math.Sqrt(1 - Math.Pow(0.999, t)) + 1e-7);
            Assert.Equal(p, w[0], 1e-7);
        }
    }

    [Fact]
    public void ClipsTheGlobalNorm()
    {
        using var model = Model.Create(new ModelConfig { InputSize = 1, Layers = [LayerConfig.Dense(1)] }, seed: 0);
        model.Gradients[0].Data[0] = 3f;
        model.Gradients[1].Data[0] = 4f;                  // norm 5
        var adam = new Adam(model) { ClipNorm = 1f, LearningRate = 0f };
        adam.Step();
        Assert.Equal(5.0, adam.LastGradientNorm, 1e-9);
        // With lr 0 nothing moves; check the clipped gradient through the first moment's effect on a fresh step.
        var clipped = new Adam(model) { ClipNorm = 1f, Beta1 = 0f, Beta2 = 0f, Epsilon = 0f, LearningRate = 1f };
        float before = model.Parameters[0].Data[0];
        clipped.Step();                                   // Adam with β=0, ε=0 moves by sign(g)·lr regardless of scale
        Assert.Equal(before - 1f, model.Parameters[0].Data[0], 1e-6f);
    }
}
