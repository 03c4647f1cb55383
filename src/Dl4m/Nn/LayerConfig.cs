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

    /// <summary>
    /// Copy only: suggestion blocks in the model input (e.g. one per look-back distance), each <see cref="Units"/> wide
    /// (one-hot per head), or <see cref="CopyHeads"/>.Count wide when <see cref="CopyIndexed"/>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int CopyBlocks { get; init; }

    /// <summary>Copy only: offset of the first suggestion block in a model input row; the blocks follow each other.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int CopyInputOffset { get; init; }

    /// <summary>
    /// First layer only: it reads the first N columns of each model input row (0 = all of them). The columns after them
    /// are for layers that read the model input themselves (a copy layer's suggestion blocks): the layer then carries no
    /// weights for them, which is what makes wide suggestion blocks affordable.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int InputColumns { get; init; }

    /// <summary>
    /// Copy only: each suggestion block holds one value per head, the suggested class's index within its head plus one
    /// (0 = no suggestion, so an all-zero padding row suggests nothing), instead of a one-hot block as wide as the output.
    /// Same function, a row 56× narrower for the categorical heads: no one-hot columns to clear, copy and scan.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool CopyIndexed { get; init; }

    /// <summary>Copy only: model input values per suggestion block (<see cref="CopyBlocks"/>).</summary>
    [JsonIgnore]
    public int CopyBlockWidth => CopyIndexed ? CopyHeads?.Count ?? 0 : Units;

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
