namespace Dl4m.Nn;

/// <summary>
/// One layer of a <see cref="ModelConfig"/>. Weights follow Keras' layout, whatever the engine does
/// inside: LSTM kernel (In, 4H), recurrent kernel (H, 4H), bias (4H) with gate blocks i, f, c, o;
/// Dense kernel (In, Out), bias (Out). All row-major float32.
/// </summary>
public sealed record LayerConfig
{
    /// <summary>LSTM or Dense.</summary>
    public required LayerKind Kind { get; init; }

    /// <summary>Hidden size (LSTM) or output size (Dense).</summary>
    public required int Units { get; init; }

    /// <summary>Dense only: the activation applied to the output.</summary>
    public Activation Activation { get; init; } = Activation.Linear;

    /// <summary>LSTM only: return every step's hidden state (B,T,H) instead of the last one (B,H).</summary>
    public bool ReturnSequences { get; init; }

    /// <summary>An LSTM layer.</summary>
    public static LayerConfig Lstm(int units, bool returnSequences = false) =>
        new() { Kind = LayerKind.Lstm, Units = units, ReturnSequences = returnSequences };

    /// <summary>A Dense layer.</summary>
    public static LayerConfig Dense(int units, Activation activation = Activation.Linear) =>
        new() { Kind = LayerKind.Dense, Units = units, Activation = activation };
}
