using Dl4m.Training;

namespace Dl4m.Families;

/// <summary>
/// The network options of the families built on stacked LSTMs (original, categorical): LSTMs → relu Dense layers →
/// a linear output (<see cref="LstmNetwork"/> checks them and builds the network). An interface, not a base record, because
/// the categorical record's base is the tokens it shares with the transformer (<see cref="Categorical.CategoricalTokenOptions"/>);
/// each LSTM record declares the four properties with the values of a train.json field that is missing (the original's,
/// not a family's defaults, <see cref="IModelFamily.Defaults"/>) and <c>[JsonPropertyOrder(-1)]</c>, so train.json
/// writes the network before the family's own options.
/// </summary>
public interface ILstmOptions
{
    /// <summary>Units of each LSTM layer (one value per layer; a single value is repeated for <see cref="LstmLayers"/>).</summary>
    IReadOnlyList<int> Hidden { get; }

    /// <summary>Number of stacked LSTM layers.</summary>
    int LstmLayers { get; }

    /// <summary>Units of the relu Dense layers between the LSTMs and the linear output layer.</summary>
    IReadOnlyList<int> Dense { get; }

    /// <summary>Many-to-one (the original: the last LSTM returns its last step only) or many-to-many.</summary>
    TrainingMode Mode { get; }
}
