namespace Dl4m.Nn;

/// <summary>Element-wise activation of a Dense layer.</summary>
public enum Activation
{
    /// <summary>Identity (Keras' default for Dense).</summary>
    Linear,
    /// <summary>max(0, x).</summary>
    Relu,
    /// <summary>Hyperbolic tangent.</summary>
    Tanh,
    /// <summary>1 / (1 + e^-x).</summary>
    Sigmoid,
}
