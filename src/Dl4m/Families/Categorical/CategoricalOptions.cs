using System.Text.Json.Serialization;
using Dl4m.Categorical;
using Dl4m.Training;

namespace Dl4m.Families.Categorical;

/// <summary>
/// The categorical family's own options (<see cref="TrainingOptions.Family"/>): its LSTM network
/// (<see cref="LstmOptions"/>), its encoding (note target, heads, key normalisation, lookback inputs, labels), its loss
/// (musical smoothing), its validation subset and its carried state. The initial values are those of a train.json field
/// that is missing; the family's defaults are <see cref="CategoricalFamily.Defaults"/>.
/// </summary>
public record CategoricalOptions : LstmOptions
{
    /// <summary>The default smoothing temperature τ of the note target (see <see cref="SmoothingTemperature"/>).</summary>
    public const double DefaultSmoothingTemperature = Dl4m.Training.Losses.MusicalSmoothing.DefaultTemperature;

    /// <inheritdoc/>
    [JsonIgnore] // written as options.model
    public override ModelKind Model => ModelKind.Categorical;

    /// <summary>The note head predicts pitches or intervals from the previous note.</summary>
    public NoteTarget Notes { get; init; } = NoteTarget.Pitch;

    /// <summary>R of the interval head (−R…+R semitones).</summary>
    public int IntervalRange { get; init; } = 36;

    /// <summary>Share ε of the note target's mass spread to musically close notes (0 = plain cross-entropy).</summary>
    public double Smoothing { get; init; } = 0.1;

    /// <summary>Temperature τ of the spread (mass ∝ exp(−interval cost / τ)): lower keeps it on the consonant intervals.</summary>
    public double SmoothingTemperature { get; init; } = DefaultSmoothingTemperature;

    /// <summary>The velocity head (bins or regression).</summary>
    public HeadKind Velocity { get; init; } = HeadKind.Classes;

    /// <summary>The Δtime and duration heads (bins or regression).</summary>
    public HeadKind Timing { get; init; } = HeadKind.Classes;

    /// <summary>Every song is transposed to C major / A minor by its estimated key.</summary>
    public bool NormalizeKey { get; init; }

    /// <summary>The lookback inputs, bars back (<see cref="CategoricalEncoding.LookbackBars"/>); empty = none.</summary>
    public IReadOnlyList<int> LookbackBars { get; init; } = [];

    /// <summary>Condition on the songs' labels.</summary>
    public LabelConditioning Labels { get; init; } = LabelConditioning.Auto;

    /// <summary>Validate on a fixed subset of whole validation songs of at most this many events; 0 = all.
    /// (The original model always validates on every window.)</summary>
    public int ValidationEvents { get; init; }

    /// <summary>
    /// <see cref="StateMode.Carry"/> trains batch rows as lanes through whole songs, the LSTM state carried from window
    /// to window; <see cref="StateMode.Reset"/> (the default of a stored record without the field) starts every window from zero.
    /// </summary>
    public StateMode State { get; init; } = StateMode.Reset;
}
