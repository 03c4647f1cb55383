using System.Numerics.Tensors;

namespace Dl4m.Nn.Transformer;

/// <summary>
/// The tanh approximation of GELU (torch's F.gelu(approximate="tanh")):
/// g(u) = ½u(1 + tanh(a(u + 0.044715u³))), a = √(2/π);
/// g′(u) = ½(1 + t) + ½u(1 − t²)·a(1 + 3·0.044715u²), t the tanh. Whole rows at a time with TensorPrimitives.
/// </summary>
internal static class Gelu
{
    private const float A = 0.7978845608028654f;
    private const float C = 0.044715f;

    /// <summary>g (n) = GELU(u (n)); <paramref name="g"/> must not overlap <paramref name="u"/>.</summary>
    public static void Forward(ReadOnlySpan<float> u, Span<float> g)
    {
        TensorPrimitives.Multiply(u, u, g);                 // u²
        TensorPrimitives.Multiply(g, C * A, g);
        TensorPrimitives.Add(g, A, g);                      // a(1 + c·u²)
        TensorPrimitives.Multiply(g, u, g);                 // a(u + c·u³)
        TensorPrimitives.Tanh(g, g);                        // t
        TensorPrimitives.Add(g, 1f, g);                     // 1 + t
        TensorPrimitives.Multiply(g, u, g);
        TensorPrimitives.Multiply(g, 0.5f, g);              // ½u(1 + t)
    }

    /// <summary>du (n) = dg ⊙ g′(u); <paramref name="t"/> is n floats of scratch.</summary>
    public static void Backward(ReadOnlySpan<float> u, ReadOnlySpan<float> dg, Span<float> du, Span<float> t)
    {
        var u2 = du; // du holds u² … then the derivative's second factor, then the result
        TensorPrimitives.Multiply(u, u, u2);
        TensorPrimitives.Multiply(u2, C * A, t);
        TensorPrimitives.Add(t, A, t);                      // a(1 + c·u²)
        TensorPrimitives.Multiply(t, u, t);
        TensorPrimitives.Tanh(t, t);                        // t
        TensorPrimitives.Multiply(u2, 3 * C * A, u2);
        TensorPrimitives.Add(u2, A, u2);                    // a(1 + 3c·u²)
        TensorPrimitives.Multiply(u2, u, u2);               // u·a(1 + 3c·u²)
        // with k = u·a(1 + 3c·u²): ½(1 + t) + ½(1 − t²)·k = ½(1 + t)(1 + (1 − t)k)
        for (int i = 0; i < u.Length; i++)
        {
            float ti = t[i];
            du[i] = dg[i] * 0.5f * (1f + ti) * (1f + (1f - ti) * u2[i]);
        }
    }
}
