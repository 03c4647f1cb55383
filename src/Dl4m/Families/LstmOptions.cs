using System.Text.Json.Serialization;
using Dl4m.Nn;
using Dl4m.Training;

namespace Dl4m.Families;

/// <summary>
/// The network options of the families built on stacked LSTMs (original, categorical): LSTMs → relu Dense layers →
/// a linear output. A family with another network (a transformer) derives its record from <see cref="FamilyOptions"/>
/// directly, and the LSTM flags are refused for it. The initial values are those of a train.json field that is missing
/// (the original's), not a family's defaults (<see cref="IModelFamily.Defaults"/>).
/// </summary>
public abstract record LstmOptions : FamilyOptions
{
    /// <summary>Units of each LSTM layer (one value per layer; a single value is repeated for <see cref="LstmLayers"/>).</summary>
    [JsonPropertyOrder(-1)] // before the family's own options in train.json
    public IReadOnlyList<int> Hidden { get; init; } = [48];

    /// <summary>Number of stacked LSTM layers.</summary>
    [JsonPropertyOrder(-1)] // before the family's own options in train.json
    public int LstmLayers { get; init; } = 1;

    /// <summary>Units of the relu Dense layers between the LSTMs and the linear output layer.</summary>
    [JsonPropertyOrder(-1)] // before the family's own options in train.json
    public IReadOnlyList<int> Dense { get; init; } = [24];

    /// <summary>Many-to-one (the original: the last LSTM returns its last step only) or many-to-many.</summary>
    [JsonPropertyOrder(-1)] // before the family's own options in train.json
    public TrainingMode Mode { get; init; } = TrainingMode.ManyToOne;

    /// <summary>Throws a <see cref="Dl4mException"/> naming the network option that is out of range.</summary>
    public void ValidateNetwork()
    {
        static void Require(bool ok, string message) { if (!ok) throw new Dl4mException(message, message[..message.IndexOf(' ')]); }
        Require(LstmLayers >= 1, $"LstmOptions.LstmLayers must be at least 1 (got {LstmLayers})");
        Require(Hidden.Count == 1 || Hidden.Count == LstmLayers, $"LstmOptions.Hidden gives {Hidden.Count} sizes for {LstmLayers} LSTM layer(s): give one size or one per layer");
        Require(Hidden.All(h => h >= 1), "LstmOptions.Hidden sizes must be at least 1");
        Require(Dense.All(h => h >= 1), "LstmOptions.Dense sizes must be at least 1");
    }

    /// <summary>
    /// The network for <paramref name="inputSize"/> input features and <paramref name="outputSize"/> linear outputs:
    /// LSTMs (the last returns sequences only many-to-many), relu Dense layers, a linear Dense.
    /// </summary>
    public ModelConfig ModelConfig(int inputSize, int outputSize)
    {
        var layers = new List<LayerConfig>();
        for (int i = 0; i < LstmLayers; i++)
        {
            int units = Hidden.Count == 1 ? Hidden[0] : Hidden[i];
            bool sequences = i < LstmLayers - 1 || Mode == TrainingMode.ManyToMany;
            layers.Add(LayerConfig.Lstm(units, sequences));
        }
        foreach (int units in Dense) layers.Add(LayerConfig.Dense(units, Activation.Relu));
        layers.Add(LayerConfig.Dense(outputSize));
        return new ModelConfig { InputSize = inputSize, Layers = layers };
    }
}
