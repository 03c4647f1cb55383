namespace Dl4m.Training;

/// <summary>
/// Which model family <c>dl4m train --model</c> trains. Each value has one <see cref="Families.IModelFamily"/> in
/// <see cref="Families.ModelFamilies"/>, which gives its name in train.json and on the command line.
/// </summary>
public enum ModelKind
{
    /// <summary>The original CMU project's model: three regressed features (note, velocity, Δtime), the musical note
    /// loss. Named "seed" before (train.json and <c>--model seed</c> still read so); renamed because "seed" also means the random seed.</summary>
    Original,

    /// <summary>Softmax heads over note classes and time/velocity bins, one-hot inputs (see <see cref="Categorical.CategoricalEncoding"/>).</summary>
    Categorical,
}
