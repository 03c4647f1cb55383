using System.Text.Json.Serialization;
using Dl4m.Categorical;
using Dl4m.Training;

namespace Dl4m.Families.Categorical;

/// <summary>
/// What the families on the categorical tokens share (<see cref="CategoricalOptions"/> on an LSTM,
/// <see cref="Transformer.TransformerOptions"/>): the encoding (note target, heads, key normalisation, lookback inputs,
/// labels), the loss (musical smoothing) and the validation subset. Each derived record adds its network's options only,
/// so a flag of one network cannot be given to the other. The initial values are those of a train.json field that is
/// missing; the families' defaults are their <see cref="IModelFamily.Defaults"/>.
/// </summary>
public abstract record CategoricalTokenOptions : FamilyOptions
{
    /// <summary>The default smoothing temperature τ of the note target (see <see cref="SmoothingTemperature"/>).</summary>
    public const double DefaultSmoothingTemperature = Dl4m.Training.Losses.MusicalSmoothing.DefaultTemperature;

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
    /// Whether a window has a target at every step or only at its last (the windows' build mode): the LSTM's
    /// <see cref="ILstmOptions.Mode"/>, every step for the transformer. Not an option of its own, so not written.
    /// </summary>
    [JsonIgnore]
    public abstract TrainingMode WindowMode { get; }

    /// <summary>Throws a <see cref="Dl4mException"/> naming the token, loss or validation option that is out of range.</summary>
    public void ValidateTokens()
    {
        // Every message starts with the parameter it is about (the tool maps it to its flag).
        static void Require(bool ok, string message) { if (!ok) throw new Dl4mException(message, message[..message.IndexOf(' ')]); }
        Require(IntervalRange >= 1 && IntervalRange <= 127, $"CategoricalTokenOptions.IntervalRange must be 1–127 semitones (got {IntervalRange})");
        Require(Smoothing >= 0 && Smoothing < 1, $"CategoricalTokenOptions.Smoothing must be at least 0 and below 1 (got {Smoothing})");
        Require(SmoothingTemperature > 0 && double.IsFinite(SmoothingTemperature), $"CategoricalTokenOptions.SmoothingTemperature must be a positive number (got {SmoothingTemperature})");
        Require(ValidationEvents >= 0, $"CategoricalTokenOptions.ValidationEvents must be 0 (all) or positive (got {ValidationEvents})");
    }
}
