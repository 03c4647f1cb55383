namespace Dl4m.Nn;

/// <summary>
/// One float32 tensor of a model, row-major, in Keras layout, named as in the weights file
/// ("lstm_1/kernel", "dense_2/bias", …). <see cref="Data"/> is the engine's own storage: writing into
/// it changes the model (or, for a gradient, what the optimizer will apply).
/// </summary>
/// <param name="Name">Keras-style name: layer name, slash, weight name.</param>
/// <param name="Shape">Dimensions, outermost first.</param>
/// <param name="Data">The values, row-major; its length is the product of <paramref name="Shape"/>.</param>
public sealed record NamedTensor(string Name, int[] Shape, float[] Data)
{
    /// <summary>The shape as text, e.g. "(3, 192)".</summary>
    public string ShapeText => "(" + string.Join(", ", Shape) + ")";
}
