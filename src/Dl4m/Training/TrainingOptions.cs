using System.Text.Json.Serialization;
using Dl4m.Categorical;
using Dl4m.Families;
using Dl4m.Nn;

namespace Dl4m.Training;

/// <summary>
/// Everything a user tunes for <c>dl4m train</c>. The defaults reproduce the original model
/// (LSTM(48) → Dense(24, relu) → Dense(3), combined note loss, Adam lr 0.001, batch 32) with a
/// look-back of 16 events (the original's is unknown; see docs/train.md). Another family's defaults differ (see
/// <see cref="For"/>); the options a family owns (<see cref="IModelFamily.OwnOptions"/>) are ignored by the others.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>The default smoothing temperature τ of the categorical note target (see <see cref="SmoothingTemperature"/>).</summary>
    public const double DefaultSmoothingTemperature = Losses.MusicalSmoothing.DefaultTemperature;

    /// <summary>The largest --augment transposition: ±12 semitones already reaches every key.</summary>
    public const int MaxTranspose = 12;

    /// <summary>The defaults of a model family (<see cref="IModelFamily.Defaults"/>): the original's are this record's own.</summary>
    public static TrainingOptions For(ModelKind model) => ModelFamilies.Of(model).Defaults;

    /// <summary>The model family (train.json: its name, see <see cref="ModelKindJsonConverter"/>).</summary>
    [JsonConverter(typeof(ModelKindJsonConverter))]
    public ModelKind Model { get; init; } = ModelKind.Original;

    /// <summary>Events per input window.</summary>
    public int Lookback { get; init; } = 16;

    /// <summary>Units of each LSTM layer (one value per layer; a single value is repeated for <see cref="LstmLayers"/>).</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [48];

    /// <summary>Number of stacked LSTM layers.</summary>
    public int LstmLayers { get; init; } = 1;

    /// <summary>Units of the relu Dense layers between the LSTMs and the linear Dense(3) output.</summary>
    public IReadOnlyList<int> Dense { get; init; } = [24];

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

    /// <summary>Many-to-one (the original) or many-to-many.</summary>
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

    /// <summary>Categorical: validate on a fixed subset of whole validation songs of at most this many events; 0 = all.
    /// The original model always validates on every window.</summary>
    public int ValidationEvents { get; init; }

    /// <summary>Use at most this many training (and validation) windows; 0 = all.</summary>
    public int MaxWindows { get; init; }

    /// <summary>Use at most this many songs per split; 0 = all.</summary>
    public int MaxSongs { get; init; }

    /// <summary>Windows per batch when validating (inference only, so larger than <see cref="Batch"/>).</summary>
    public int ValidationBatch { get; init; } = 256;

    /// <summary>Categorical: the note head predicts pitches or intervals from the previous note.</summary>
    public NoteTarget Notes { get; init; } = NoteTarget.Pitch;

    /// <summary>Categorical: R of the interval head (−R…+R semitones).</summary>
    public int IntervalRange { get; init; } = 36;

    /// <summary>Categorical: share ε of the note target's mass spread to musically close notes (0 = plain cross-entropy).</summary>
    public double Smoothing { get; init; } = 0.1;

    /// <summary>Categorical: temperature τ of the spread (mass ∝ exp(−interval cost / τ)): lower keeps it on the consonant intervals.</summary>
    public double SmoothingTemperature { get; init; } = DefaultSmoothingTemperature;

    /// <summary>Categorical: the velocity head (bins or regression).</summary>
    public HeadKind Velocity { get; init; } = HeadKind.Classes;

    /// <summary>Categorical: the Δtime and duration heads (bins or regression).</summary>
    public HeadKind Timing { get; init; } = HeadKind.Classes;

    /// <summary>Every training window is transposed by a random −N…+N semitones each epoch; 0 = no augmentation (the original's default).</summary>
    public int AugmentTranspose { get; init; }

    /// <summary>Categorical: every song is transposed to C major / A minor by its estimated key.</summary>
    public bool NormalizeKey { get; init; }

    /// <summary>Categorical: the lookback inputs, bars back (<see cref="CategoricalEncoding.LookbackBars"/>); empty = none.</summary>
    public IReadOnlyList<int> LookbackBars { get; init; } = [];

    /// <summary>Categorical: condition on the songs' labels.</summary>
    public LabelConditioning Labels { get; init; } = LabelConditioning.Auto;

    /// <summary>Transformer: blocks (attention + feed-forward).</summary>
    public int Blocks { get; init; } = 2;

    /// <summary>Transformer: attention heads (<see cref="Width"/> must be a multiple).</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Transformer: model width (embedding and residual stream).</summary>
    public int Width { get; init; } = 128;

    /// <summary>Transformer: feed-forward units per block.</summary>
    public int FeedForward { get; init; } = 512;

    /// <summary>Transformer: dropout on the attention and feed-forward outputs in training.</summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary>Events between the starts of consecutive windows; null = the family's default (<see cref="IModelFamily.DefaultStride"/>:
    /// categorical the look-back, original 1). train.json writes null as 0, as before.</summary>
    [JsonConverter(typeof(StrideJsonConverter))]
    public int? Stride { get; init; }

    /// <summary>
    /// Categorical: <see cref="StateMode.Carry"/> trains batch rows as lanes through whole songs, the LSTM state carried from
    /// window to window; <see cref="StateMode.Reset"/> (the default of a stored record without the field, and of the original
    /// model) starts every window from zero.
    /// </summary>
    public StateMode State { get; init; } = StateMode.Reset;

    /// <summary>The stride in force: <see cref="Stride"/>, or the family's default when null.</summary>
    [JsonIgnore]
    public int EffectiveStride => Stride ?? ModelFamilies.Of(Model).DefaultStride(this);

    /// <summary>Throws a <see cref="Dl4mException"/> naming the option that is out of range.</summary>
    public void Validate()
    {
        // Every message starts with the parameter it is about (the tool maps it to its flag).
        static void Require(bool ok, string message) { if (!ok) throw new Dl4mException(message, message[..message.IndexOf(' ')]); }
        Require(Lookback >= 1, $"TrainingOptions.Lookback must be at least 1 (got {Lookback})");
        Require(LstmLayers >= 1, $"TrainingOptions.LstmLayers must be at least 1 (got {LstmLayers})");
        Require(Hidden.Count == 1 || Hidden.Count == LstmLayers, $"TrainingOptions.Hidden gives {Hidden.Count} sizes for {LstmLayers} LSTM layer(s): give one size or one per layer");
        Require(Hidden.All(h => h >= 1), "TrainingOptions.Hidden sizes must be at least 1");
        Require(Dense.All(h => h >= 1), "TrainingOptions.Dense sizes must be at least 1");
        Require(Epochs >= 1, $"TrainingOptions.Epochs must be at least 1 (got {Epochs})");
        Require(Batch >= 1, $"TrainingOptions.Batch must be at least 1 (got {Batch})");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), $"TrainingOptions.LearningRate must be a positive number (got {LearningRate})");
        Require(Clip >= 0 && double.IsFinite(Clip), $"TrainingOptions.Clip must be 0 (off) or a positive number (got {Clip})");
        Require(Threads >= 1, $"TrainingOptions.Threads must be at least 1 (got {Threads})");
        Require(WarmupEpochs >= 0, $"TrainingOptions.WarmupEpochs must be 0 or positive (got {WarmupEpochs})");
        Require(ValidateEvery is null or >= 0, $"TrainingOptions.ValidateEvery must be auto, 0 (each epoch) or positive (got {ValidateEvery})");
        Require(Patience >= 0, $"TrainingOptions.Patience must be 0 (off) or positive (got {Patience})");
        Require(MinDelta >= 0 && double.IsFinite(MinDelta), $"TrainingOptions.MinDelta must be 0 or a positive number (got {MinDelta})");
        Require(TimeLimitSeconds >= 0 && double.IsFinite(TimeLimitSeconds), $"TrainingOptions.TimeLimitSeconds must be none or a positive duration (got {TimeLimitSeconds} s)");
        Require(ValidationEvents >= 0, $"TrainingOptions.ValidationEvents must be 0 (all) or positive (got {ValidationEvents})");
        Require(MaxWindows >= 0, $"TrainingOptions.MaxWindows must be 0 (all) or positive (got {MaxWindows})");
        Require(MaxSongs >= 0, $"TrainingOptions.MaxSongs must be 0 (all) or positive (got {MaxSongs})");
        Require(ValidationBatch >= 1, $"TrainingOptions.ValidationBatch must be at least 1 (got {ValidationBatch})");
        var family = ModelFamilies.Of(Model); // names the families when Model is none of them
        Require(IntervalRange >= 1 && IntervalRange <= 127, $"TrainingOptions.IntervalRange must be 1–127 semitones (got {IntervalRange})");
        Require(Smoothing >= 0 && Smoothing < 1, $"TrainingOptions.Smoothing must be at least 0 and below 1 (got {Smoothing})");
        Require(SmoothingTemperature > 0 && double.IsFinite(SmoothingTemperature), $"TrainingOptions.SmoothingTemperature must be a positive number (got {SmoothingTemperature})");
        Require(AugmentTranspose >= 0 && AugmentTranspose <= MaxTranspose, $"TrainingOptions.AugmentTranspose transpose:N needs N from 0 to {MaxTranspose} semitones (got {AugmentTranspose})");
        Require(Stride is null or >= 1, $"TrainingOptions.Stride must be at least 1 (got {Stride})");
        Require(Enum.IsDefined(State), $"TrainingOptions.State must be carry or reset (got {State})");
        Require(State == StateMode.Reset || family.CarriesState,
            $"TrainingOptions.State carry applies to TrainingOptions.Model {string.Join(" or ", ModelFamilies.All.Where(f => f.CarriesState).Select(f => f.Name))} only");
        Require(State == StateMode.Reset || EffectiveStride == Lookback,
            $"TrainingOptions.State carry needs windows that follow each other: TrainingOptions.Stride equal to TrainingOptions.Lookback ({Lookback}, got {EffectiveStride}); use TrainingOptions.State reset");
        family.Validate(this);
    }

    /// <summary>The original network these options describe: LSTMs (the last returns sequences only many-to-many), relu Dense layers, linear Dense(3).</summary>
    public ModelConfig ModelConfig() => ModelConfig(WindowSet.Features, WindowSet.Features);

    /// <summary>
    /// The network for <paramref name="inputSize"/> input features and <paramref name="outputSize"/> linear outputs
    /// (the categorical model: its encoding's input and output sizes).
    /// </summary>
    public ModelConfig ModelConfig(int inputSize, int outputSize)
    {
        var layers = new List<LayerConfig>();
        for (int i = 0; i < LstmLayers; i++)
        {
            int units = Hidden.Count == 1 ? Hidden[0] : Hidden[i];
            bool sequences = i < LstmLayers - 1 || Mode == TrainingMode.ManyToMany;
            layers.Add(LayerConfig.Lstm(units, sequences));
        }
        foreach (int units in Dense) layers.Add(LayerConfig.Dense(units, Activation.Relu));
        layers.Add(LayerConfig.Dense(outputSize));
        return new ModelConfig { InputSize = inputSize, Layers = layers };
    }
}
