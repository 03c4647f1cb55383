using System.Text.Json.Serialization;
using Dl4m.Training;

namespace Dl4m.Families.Original;

/// <summary>
/// The original family's own options (<see cref="TrainingOptions.Family"/>): its LSTM network (<see cref="ILstmOptions"/>:
/// LSTM(48) → Dense(24, relu) → Dense(3), many-to-one) and its loss.
/// </summary>
public sealed record OriginalOptions : FamilyOptions, ILstmOptions
{
    /// <inheritdoc/>
    [JsonIgnore] // written as options.model
    public override ModelKind Model => ModelKind.Original;

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

    /// <summary>The training loss.</summary>
    public LossKind Loss { get; init; } = LossKind.Note;

    /// <summary>
    /// Epochs trained on plain MSE before the note loss takes over (only with <see cref="LossKind.Note"/>). The note
    /// loss has a dip at every consonant interval (±12 among them), and from random weights the optimiser settles in
    /// the wrong dip (measured on Nottingham: most predictions an octave too high, 0.5% rounded-note accuracy);
    /// an MSE start puts predictions in the dip at 0 first. 0 = note loss from the first step.
    /// </summary>
    public int WarmupEpochs { get; init; } = 1;

    /// <summary>The original network these options describe: its LSTMs and relu Dense layers, a linear Dense(3) over (note, velocity, Δtime).</summary>
    public Nn.ModelConfig ModelConfig() => this.ModelConfig(WindowSet.Features, WindowSet.Features);
}
