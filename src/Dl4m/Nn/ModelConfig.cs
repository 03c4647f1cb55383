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
        // counted by a plain loop over the few layers: a Dictionary keyed by the enum is JIT-compiled afresh in each
        // process, a few ms of the built-in model's first load
        var names = new string[Layers.Count];
        for (int i = 0; i < Layers.Count; i++)
        {
            int n = 1;
            for (int j = 0; j < i; j++)
                if (Layers[j].Kind == Layers[i].Kind) n++;
            names[i] = $"{Layers[i].Kind.ToString().ToLowerInvariant()}_{n}";
        }
        return names;
    }

    /// <summary>
    /// Throws a <see cref="Dl4mException"/> naming the layer when the config is impossible: no layers,
    /// sizes below 1 or so large they would overflow, or an LSTM after a layer that returns no sequence.
    /// </summary>
    public void Validate() => ModelConfigValidation.Validate(this);

    /// <summary>Size of the last layer's output per step.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int OutputSize => Layers[^1].Units;

    /// <summary>
    /// True when the model outputs every step (B, T, Out), i.e. trains many-to-many; false when it
    /// outputs only the last step (B, Out), i.e. trains many-to-one. Set by the last LSTM's
    /// <see cref="LayerConfig.ReturnSequences"/> (Dense layers keep whatever they are given).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool OutputIsSequence
    {
        get
        {
            bool sequence = true;
            foreach (var layer in Layers)
                if (layer.Kind == LayerKind.Lstm) sequence = layer.ReturnSequences;
            return sequence;
        }
    }

    /// <summary>Input size of layer <paramref name="index"/> (the previous layer's units, or the first layer's <see cref="LayerConfig.InputColumns"/>, by default <see cref="InputSize"/>).</summary>
    public int LayerInputSize(int index) => index > 0 ? Layers[index - 1].Units : Layers[0].InputColumns > 0 ? Layers[0].InputColumns : InputSize;

    /// <summary>Trainable parameters of layer <paramref name="index"/>: 4·H·(In+H+1) for LSTM, Out·(In+1) for Dense, none for Copy.</summary>
    public long ParameterCount(int index)
    {
        var layer = Layers[index];
        long inputs = LayerInputSize(index);
        return layer.Kind switch
        {
            LayerKind.Lstm => 4L * layer.Units * (inputs + layer.Units + 1),
            LayerKind.Copy => 0, // its gates are the layer before's units
            _ => layer.Units * (inputs + 1),
        };
    }

    /// <summary>Trainable parameters of the whole model.</summary>
    public long ParameterCount()
    {
        long total = 0;
        for (int i = 0; i < Layers.Count; i++) total += ParameterCount(i);
        return total;
    }

    /// <summary>One line such as "LSTM(48) → Dense(24, relu) → Dense(3)".</summary>
    public string Describe() => string.Join(" → ", Layers.Select(l => l.Kind switch
    {
        LayerKind.Lstm => $"LSTM({l.Units}{(l.ReturnSequences ? ", sequences" : "")}{(l.InputColumns > 0 ? $", first {l.InputColumns} inputs" : "")})",
        LayerKind.Copy => $"Copy({l.Units} logits, {l.CopyGates} gates{(l.CopyIndexed ? ", indexed" : "")})",
        _ => l.Activation == Activation.Linear ? $"Dense({l.Units})" : $"Dense({l.Units}, {l.Activation.ToString().ToLowerInvariant()})",
    }));
}
