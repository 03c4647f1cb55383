using Dl4m.Categorical;
using Dl4m.Generation;
using Dl4m.Nn;
using Dl4m.Training;

namespace Dl4m.Families.Categorical;

/// <summary>
/// Beat-relative tokens with softmax heads (<see cref="CategoricalEncoding"/>, written as encoding.json): one-hot and
/// lookback inputs, LSTM(128) → Dense(output) logits, the musically smoothed cross-entropy, stateful training with the
/// state carried through whole songs; generation samples each head (top-k, top-p, beam search over the note head).
/// </summary>
internal sealed class CategoricalFamily : IModelFamily
{
    /// <summary>The default of --epochs: an upper bound only, early stopping (--patience) usually ends sooner.</summary>
    public const int DefaultEpochs = 200;

    /// <summary>The default of --patience (validations without an improvement of more than --min-delta).</summary>
    public const int DefaultPatience = 5;

    /// <summary>The default of --min-delta in nats (of the validation total: note cross-entropy + heads).</summary>
    public const double DefaultMinDelta = 0.001;

    /// <summary>The default of --val-events: validate on a fixed subset of whole songs of at most this many events.</summary>
    public const int DefaultValidationEvents = 200_000;

    public ModelKind Kind => ModelKind.Categorical;
    public IReadOnlyList<string> Aliases { get; } = [];
    public string Description => "softmax heads over notes and time bins";

    /// <summary>LSTM(128) → Dense(output) logits (no relu Dense layer), look-back 32, many-to-many, stride = look-back,
    /// transposition ±5, the state carried across the windows of a song, and a budget that fits the corpus: up to 200
    /// epochs, stopped after 5 validations without improvement, validated by the automatic cadence
    /// (<see cref="ValidationCadence"/>) on at most 200,000 events.</summary>
    public TrainingOptions Defaults { get; } = new()
    {
        Model = ModelKind.Categorical,
        Hidden = [128],
        Dense = [],
        Lookback = 32,
        Mode = TrainingMode.ManyToMany,
        AugmentTranspose = 5,
        WarmupEpochs = 0,
        LookbackBars = CategoricalEncoding.DefaultLookbackBars,
        State = StateMode.Carry,
        Epochs = DefaultEpochs,
        Patience = DefaultPatience,
        MinDelta = DefaultMinDelta,
        ValidateEvery = null,
        ValidationEvents = DefaultValidationEvents,
    };

    public IReadOnlyCollection<string> OwnOptions { get; } =
    [
        nameof(TrainingOptions.Notes), nameof(TrainingOptions.IntervalRange), nameof(TrainingOptions.Smoothing),
        nameof(TrainingOptions.SmoothingTemperature), nameof(TrainingOptions.Velocity), nameof(TrainingOptions.Timing),
        nameof(TrainingOptions.NormalizeKey), nameof(TrainingOptions.LookbackBars), nameof(TrainingOptions.Labels),
        nameof(TrainingOptions.ValidationEvents), nameof(TrainingOptions.State),
    ];

    public bool CarriesState => true;

    // Windows follow each other, so a carried state sees every event once.
    public int DefaultStride(TrainingOptions options) => options.Lookback;

    public void Validate(TrainingOptions options)
    {
    }

    public INetwork CreateNetwork(TrainingOptions options, int inputSize, int outputSize) =>
        Model.Create(options.ModelConfig(inputSize, outputSize), options.Seed);

    public ITrainingTask OpenTraining(FamilyTrainingContext context)
    {
        // A resumed run keeps the encoding it was fitted with; a new one fits it on the training split.
        var encoding = context.Resume
            ? CategoricalEncodingJson.TryLoad(context.ModelFolder)
                ?? throw new Dl4mException($"cannot resume '{context.ModelFolderAsGiven}': it has no {CategoricalEncodingJson.FileName} (a categorical model folder needs one)")
            : CategoricalTrainingTask.FitEncoding(context.Dataset, context.Options);
        return CategoricalTrainingTask.Create(context.Dataset, context.DataFolder, context.Options, encoding, context.InjectedLoss);
    }

    public IReadOnlyList<string> FolderFiles { get; } = [CategoricalEncodingJson.FileName];

    // A transformer folder has encoding.json too; its config.json tells it apart.
    public bool Marks(string modelFolder) =>
        File.Exists(Path.Combine(modelFolder, CategoricalEncodingJson.FileName)) && !Nn.Transformer.TransformerStore.IsTransformer(modelFolder);

    public ModelFolderSummary Describe(string modelFolder)
    {
        using var generator = CategoricalGenerator.Load(modelFolder, out var info);
        return new ModelFolderSummary(info.Dataset, generator.Encoding.Labels);
    }

    public IReadOnlyList<GeneratedFile> Generate(GenerationRequest request, SongOutput output, Action<string>? notice, bool builtIn) =>
        CategoricalSongWriter.Run(request, output, notice, builtIn);
}
