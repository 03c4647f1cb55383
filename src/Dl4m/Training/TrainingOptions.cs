using System.Text.Json.Serialization;
using Dl4m.Families;
using Dl4m.Families.Original;

namespace Dl4m.Training;

/// <summary>
/// Everything a user tunes for <c>dl4m train</c>: the options every model family reads (the window, the budget, the
/// optimiser, validation and early stopping, the data taken, transposition) and, in <see cref="Family"/>, the record of
/// the options only its family reads (<see cref="OriginalOptions"/>, <see cref="Families.Categorical.CategoricalOptions"/>).
/// A new run starts from a family's defaults, <see cref="For"/>; <c>new TrainingOptions()</c> is the original model
/// (LSTM(48) → Dense(24, relu) → Dense(3), combined note loss, Adam lr 0.001, batch 32) with a look-back of 16 events
/// (the original's is unknown; see docs/train.md). train.json writes the family record as <c>options.family</c>
/// (<see cref="TrainingOptionsJsonConverter"/>; records written before it, with every option flat, still read).
/// </summary>
/// <remarks>
/// Common is what the shared training loop (<see cref="Trainer"/>) or every family's windows read: the window
/// (<see cref="Lookback"/>, <see cref="Stride"/> with a family default) and its transposition, the optimiser, the budget
/// and the validation cadence and early stopping. The network (LSTM sizes, many-to-one or many-to-many), the loss
/// and the encoding are a family's: a transformer has no LSTM, the original no softmax heads.
/// </remarks>
public sealed record TrainingOptions
{
    /// <summary>The largest --augment transposition: ±12 semitones already reaches every key.</summary>
    public const int MaxTranspose = 12;

    /// <summary>The defaults of a model family (<see cref="IModelFamily.Defaults"/>): the original's are this record's own.</summary>
    public static TrainingOptions For(ModelKind model) => ModelFamilies.Of(model).Defaults;

    /// <summary>The model family (train.json: its name, see <see cref="ModelKindJsonConverter"/>): the one of <see cref="Family"/>.</summary>
    [JsonConverter(typeof(ModelKindJsonConverter))]
    public ModelKind Model => Family.Model;

    /// <summary>The options of the model family's own (its type says the family); written by <see cref="TrainingOptionsJsonConverter"/>.</summary>
    [JsonIgnore]
    public FamilyOptions Family { get; init; } = new OriginalOptions();

    /// <summary>Events per input window.</summary>
    public int Lookback { get; init; } = 16;

    /// <summary>Passes over the training windows (at most, when --patience or --time stop earlier).</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Windows per training step (Keras' default 32).</summary>
    public int Batch { get; init; } = 32;

    /// <summary>Adam learning rate (Keras' default 0.001).</summary>
    public double LearningRate { get; init; } = 0.001;

    /// <summary>Global gradient-norm clipping; 0 = off.</summary>
    public double Clip { get; init; }

    /// <summary>Seed of the weights and the window order.</summary>
    public int Seed { get; init; }

    /// <summary>Engine worker threads (results are bit-identical only for the same count).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Validate (and checkpoint) every N steps; 0 = at the end of each epoch; null = the automatic rule
    /// (<see cref="ValidationCadence"/>: each epoch, or every 2 M training events when an epoch is longer).</summary>
    public int? ValidateEvery { get; init; } = 0;

    /// <summary>Stop after this many validations without a validation loss lower than the best by more than
    /// <see cref="MinDelta"/>; 0 = never.</summary>
    public int Patience { get; init; }

    /// <summary>How much lower than the best (in loss units) a validation loss must be to reset --patience
    /// (the best weights are kept at any improvement).</summary>
    public double MinDelta { get; init; }

    /// <summary>Wall-clock budget of the training loop in seconds (all sessions of a resumed run); 0 = none.</summary>
    public double TimeLimitSeconds { get; init; }

    /// <summary>Use at most this many training (and validation) windows; 0 = all.</summary>
    public int MaxWindows { get; init; }

    /// <summary>Use at most this many songs per split; 0 = all.</summary>
    public int MaxSongs { get; init; }

    /// <summary>Windows per batch when validating (inference only, so larger than <see cref="Batch"/>).</summary>
    public int ValidationBatch { get; init; } = 256;

    /// <summary>Every training window is transposed by a random −N…+N semitones each epoch; 0 = no augmentation (the original's default).</summary>
    public int AugmentTranspose { get; init; }

    /// <summary>Events between the starts of consecutive windows; null = the family's default (<see cref="IModelFamily.DefaultStride"/>:
    /// categorical the look-back, original 1). train.json writes null as 0, as before.</summary>
    [JsonConverter(typeof(StrideJsonConverter))]
    public int? Stride { get; init; }

    /// <summary>The family record as its family's type <typeparamref name="T"/> (what a family's code reads).</summary>
    /// <exception cref="Dl4mException">The record is of another family.</exception>
    public T FamilyAs<T>() where T : FamilyOptions => Family as T ?? throw new Dl4mException(
        $"TrainingOptions.Family must be a {typeof(T).Name} record here (got {Family?.GetType().Name ?? "null"})", "TrainingOptions.Family");

    /// <summary>These options with the family record changed by <paramref name="change"/>, e.g.
    /// <c>options.WithFamily&lt;CategoricalOptions&gt;(c =&gt; c with { Smoothing = 0 })</c>.</summary>
    /// <exception cref="Dl4mException">The record is of another family than <typeparamref name="T"/>'s.</exception>
    public TrainingOptions WithFamily<T>(Func<T, T> change) where T : FamilyOptions => this with { Family = change(FamilyAs<T>()) };

    /// <summary>The stride in force: <see cref="Stride"/>, or the family's default when null.</summary>
    [JsonIgnore]
    public int EffectiveStride => Stride ?? ModelFamilies.Of(Model).DefaultStride(this);

    /// <summary>Throws a <see cref="Dl4mException"/> naming the option that is out of range (the family's own: its family's rules).</summary>
    public void Validate()
    {
        // Every message starts with the parameter it is about (the tool maps it to its flag).
        static void Require(bool ok, string message) { if (!ok) throw new Dl4mException(message, message[..message.IndexOf(' ')]); }
        Require(Lookback >= 1, $"TrainingOptions.Lookback must be at least 1 (got {Lookback})");
        Require(Epochs >= 1, $"TrainingOptions.Epochs must be at least 1 (got {Epochs})");
        Require(Batch >= 1, $"TrainingOptions.Batch must be at least 1 (got {Batch})");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), $"TrainingOptions.LearningRate must be a positive number (got {LearningRate})");
        Require(Clip >= 0 && double.IsFinite(Clip), $"TrainingOptions.Clip must be 0 (off) or a positive number (got {Clip})");
        Require(Threads >= 1, $"TrainingOptions.Threads must be at least 1 (got {Threads})");
        Require(ValidateEvery is null or >= 0, $"TrainingOptions.ValidateEvery must be auto, 0 (each epoch) or positive (got {ValidateEvery})");
        Require(Patience >= 0, $"TrainingOptions.Patience must be 0 (off) or positive (got {Patience})");
        Require(MinDelta >= 0 && double.IsFinite(MinDelta), $"TrainingOptions.MinDelta must be 0 or a positive number (got {MinDelta})");
        Require(TimeLimitSeconds >= 0 && double.IsFinite(TimeLimitSeconds), $"TrainingOptions.TimeLimitSeconds must be none or a positive duration (got {TimeLimitSeconds} s)");
        Require(MaxWindows >= 0, $"TrainingOptions.MaxWindows must be 0 (all) or positive (got {MaxWindows})");
        Require(MaxSongs >= 0, $"TrainingOptions.MaxSongs must be 0 (all) or positive (got {MaxSongs})");
        Require(ValidationBatch >= 1, $"TrainingOptions.ValidationBatch must be at least 1 (got {ValidationBatch})");
        Require(Family is not null, "TrainingOptions.Family must be the options record of a model family (got null)");
        var family = ModelFamilies.Of(Model); // names the families when Model is none of them
        Require(AugmentTranspose >= 0 && AugmentTranspose <= MaxTranspose, $"TrainingOptions.AugmentTranspose transpose:N needs N from 0 to {MaxTranspose} semitones (got {AugmentTranspose})");
        Require(Stride is null or >= 1, $"TrainingOptions.Stride must be at least 1 (got {Stride})");
        family.Validate(this);
    }
}
