namespace Dl4m.Nn;

/// <summary>The kinds of layer a model config can list.</summary>
public enum LayerKind
{
    /// <summary>Long short-term memory, Keras semantics (gates i, f, c, o).</summary>
    Lstm,
    /// <summary>Fully connected layer with an activation.</summary>
    Dense,
    /// <summary>
    /// Copy (pointer) layer: logits plus input-dependent gates that add mass to tokens suggested by one-hot blocks of
    /// the model's input (<see cref="CopyLayer"/>); no weights of its own.
    /// </summary>
    Copy,
}
