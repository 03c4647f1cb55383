using System.Text.Json.Serialization;
using Dl4m.Training;

namespace Dl4m.Families.Categorical;

/// <summary>
/// The categorical family's own options (<see cref="TrainingOptions.Family"/>): the tokens, heads, loss and validation
/// options it shares with the transformer (<see cref="CategoricalTokenOptions"/>), its LSTM network
/// (<see cref="ILstmOptions"/>) and its carried state. The initial values are those of a train.json field that is
/// missing; the family's defaults are <see cref="CategoricalFamily.Defaults"/>.
/// </summary>
public sealed record CategoricalOptions : CategoricalTokenOptions, ILstmOptions
{
    /// <inheritdoc/>
    [JsonIgnore] // written as options.model
    public override ModelKind Model => ModelKind.Categorical;

    /// <inheritdoc/>
    [JsonPropertyOrder(-1)] // before the family's own options in train.json
    public IReadOnlyList<int> Hidden { get; init; } = [48];

    /// <inheritdoc/>
    [JsonPropertyOrder(-1)] // before the family's own options in train.json
    public int LstmLayers { get; init; } = 1;

    /// <inheritdoc/>
    [JsonPropertyOrder(-1)] // before the family's own options in train.json
    public IReadOnlyList<int> Dense { get; init; } = [24];

    /// <inheritdoc/>
    [JsonPropertyOrder(-1)] // before the family's own options in train.json
    public TrainingMode Mode { get; init; } = TrainingMode.ManyToOne;

    /// <inheritdoc/>
    [JsonIgnore] // not an option: the LSTM's Mode
    public override TrainingMode WindowMode => Mode;

    /// <summary>
    /// <see cref="StateMode.Carry"/> trains batch rows as lanes through whole songs, the LSTM state carried from window
    /// to window; <see cref="StateMode.Reset"/> (the default of a stored record without the field) starts every window from zero.
    /// </summary>
    [JsonPropertyOrder(1)] // after the shared token options in train.json, where it was when they were this record's own
    public StateMode State { get; init; } = StateMode.Reset;
}
