using System.Text.Json.Serialization;

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

    /// <summary>
    /// Copy only: the widths of the output's heads (summing to <see cref="Units"/>), each with its own gate per
    /// suggestion block. Null for the other kinds (not written to config.json).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<int>? CopyHeads { get; init; }

    /// <summary>Copy only: suggestion blocks in the model input (e.g. one per look-back distance), each <see cref="Units"/> wide.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int CopyBlocks { get; init; }

    /// <summary>Copy only: offset of the first suggestion block in a model input row; the blocks follow each other.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int CopyInputOffset { get; init; }

    /// <summary>Copy only: the gates it reads after the logits, one per block and head.</summary>
    [JsonIgnore]
    public int CopyGates => CopyBlocks * (CopyHeads?.Count ?? 0);

    /// <summary>An LSTM layer.</summary>
    public static LayerConfig Lstm(int units, bool returnSequences = false) =>
        new() { Kind = LayerKind.Lstm, Units = units, ReturnSequences = returnSequences };

    /// <summary>A Dense layer.</summary>
    public static LayerConfig Dense(int units, Activation activation = Activation.Linear) =>
        new() { Kind = LayerKind.Dense, Units = units, Activation = activation };

    /// <summary>
    /// A copy layer over <paramref name="heads"/> (widths, in output order) with <paramref name="blocks"/> suggestion
    /// blocks starting at model input offset <paramref name="inputOffset"/>: it reads Σ heads logits + blocks × heads.Count gates.
    /// </summary>
    public static LayerConfig Copy(IReadOnlyList<int> heads, int blocks, int inputOffset) =>
        new() { Kind = LayerKind.Copy, Units = heads.Sum(), CopyHeads = [.. heads], CopyBlocks = blocks, CopyInputOffset = inputOffset };
}
