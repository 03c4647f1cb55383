namespace Dl4m.Training;

/// <summary>Which model family <c>dl4m train --model</c> trains.</summary>
public enum ModelKind
{
    /// <summary>The original's model: three regressed features (note, velocity, Δtime), the musical note loss.</summary>
    Seed,

    /// <summary>Softmax heads over note classes and time/velocity bins, one-hot inputs (see <see cref="Categorical.CategoricalEncoding"/>).</summary>
    Categorical,
}
