namespace Dl4m.Training;

/// <summary>
/// Which model family <c>dl4m train --model</c> trains: the family's name. A value, not an enum, so a new family
/// declares its own kind in its folder (<see cref="Families.IModelFamily.Kind"/>) and needs no edit here; the two
/// below are the families that ship. Each kind has one family in <see cref="Families.ModelFamilies"/>.
/// </summary>
/// <param name="Name">The family's name, lower-case (train.json's <c>options.model</c>, <c>--model</c>).</param>
public readonly record struct ModelKind(string Name)
{
    /// <summary>The original CMU project's model: three regressed features (note, velocity, Δtime), the musical note
    /// loss. Named "seed" before (train.json and <c>--model seed</c> still read so); renamed because "seed" also means the random seed.</summary>
    public static readonly ModelKind Original = new("original");

    /// <summary>Softmax heads over note classes and time/velocity bins, one-hot inputs (see <see cref="Categorical.CategoricalEncoding"/>).</summary>
    public static readonly ModelKind Categorical = new("categorical");

    /// <summary>The categorical tokens and heads on a decoder-only transformer with relative attention (see docs/transformer.md).</summary>
    public static readonly ModelKind Transformer = new("transformer");

    /// <summary>The name.</summary>
    public override string ToString() => Name ?? "none";
}
