namespace Dl4m.Nn;

/// <summary>
/// A model as plain data: the input feature count and the layers in order. Together with a weights
/// file it is the whole model. Layer names follow Keras (lstm_1, lstm_2, dense_1, …, numbered per kind
/// from 1) and name the tensors in the weights file: "lstm_1/kernel", "lstm_1/recurrent_kernel",
/// "lstm_1/bias", "dense_1/kernel", "dense_1/bias".
/// </summary>
public sealed record ModelConfig
{
    /// <summary>Features per time step of the input (3 for the original: note, velocity, Δtime).</summary>
    public required int InputSize { get; init; }

    /// <summary>The layers, input to output.</summary>
    public required IReadOnlyList<LayerConfig> Layers { get; init; }

    /// <summary>
    /// The original DeepLearning4Music model: LSTM(48) → Dense(24) → Dense(3) on 3 features, with
    /// 9,984 / 1,176 / 75 parameters. The README gives no activation for Dense(24); we use relu, as the
    /// PyTorch peer benchmark does, because two stacked linear layers would collapse into one.
    /// </summary>
    public static ModelConfig Seed { get; } = new()
    {
        InputSize = 3,
        Layers = [LayerConfig.Lstm(48), LayerConfig.Dense(24, Activation.Relu), LayerConfig.Dense(3)],
    };

    /// <summary>Keras-style layer names, numbered per kind from 1: lstm_1, dense_1, dense_2.</summary>
    public IReadOnlyList<string> LayerNames()
    {
        var counts = new Dictionary<LayerKind, int>();
        var names = new List<string>(Layers.Count);
        foreach (var layer in Layers)
        {
            int n = counts.GetValueOrDefault(layer.Kind) + 1;
            counts[layer.Kind] = n;
            names.Add($"{layer.Kind.ToString().ToLowerInvariant()}_{n}");
        }
        return names;
    }
}
