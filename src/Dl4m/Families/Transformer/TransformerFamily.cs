using Dl4m.Categorical;
using Dl4m.Families.Categorical;
using Dl4m.Generation;
using Dl4m.Nn;
using Dl4m.Nn.Transformer;
using Dl4m.Training;

namespace Dl4m.Families.Transformer;

/// <summary>
/// The categorical family's tokens, windows, loss, evaluator and song writer on a decoder-only transformer with relative
/// attention (<see cref="TransformerNetwork"/>, docs/transformer.md) instead of an LSTM, so evaluation and generation
/// compare like with like. Its context is the look-back: training windows of that many events, and the key/value
/// cache's length in generation. Every window starts from nothing (no carried state); validation scores each note
/// within its window.
/// </summary>
internal sealed class TransformerFamily : IModelFamily
{
    public ModelKind Kind => ModelKind.Transformer;
    public IReadOnlyList<string> Aliases { get; } = [];
    public string Description => "categorical heads on a relative-attention transformer";

    /// <summary>
    /// The categorical defaults (heads, transposition ±5, early stopping, automatic validation cadence) with a context
    /// of 64 events, 2 blocks of width 128, 4 heads, feed-forward 512, dropout 0.1, gradients clipped at norm 1.
    /// </summary>
    public TrainingOptions Defaults { get; } = new()
    {
        Model = ModelKind.Transformer,
        Lookback = 64,
        Mode = TrainingMode.ManyToMany,
        AugmentTranspose = 5,
        WarmupEpochs = 0,
        LookbackBars = CategoricalEncoding.DefaultLookbackBars,
        State = StateMode.Reset,
        Epochs = CategoricalFamily.DefaultEpochs,
        Patience = CategoricalFamily.DefaultPatience,
        MinDelta = CategoricalFamily.DefaultMinDelta,
        ValidateEvery = null,
        ValidationEvents = CategoricalFamily.DefaultValidationEvents,
        Clip = 1,
        Dense = [],
    };

    /// <summary>The categorical encoding's options (not the carried state) and the network's own.</summary>
    public IReadOnlyCollection<string> OwnOptions { get; } =
    [
        nameof(TrainingOptions.Notes), nameof(TrainingOptions.IntervalRange), nameof(TrainingOptions.Smoothing),
        nameof(TrainingOptions.SmoothingTemperature), nameof(TrainingOptions.Velocity), nameof(TrainingOptions.Timing),
        nameof(TrainingOptions.NormalizeKey), nameof(TrainingOptions.LookbackBars), nameof(TrainingOptions.Labels),
        nameof(TrainingOptions.ValidationEvents),
        nameof(TrainingOptions.Blocks), nameof(TrainingOptions.Heads), nameof(TrainingOptions.Width),
        nameof(TrainingOptions.FeedForward), nameof(TrainingOptions.Dropout),
    ];

    public bool CarriesState => false;

    // Windows follow each other, so each validation note is scored once.
    public int DefaultStride(TrainingOptions options) => options.Lookback;

    public void Validate(TrainingOptions options)
    {
        static void Require(bool ok, string message) { if (!ok) throw new Dl4mException(message, message[..message.IndexOf(' ')]); }
        Require(options.Mode == TrainingMode.ManyToMany, "TrainingOptions.Mode must be many-to-many for the transformer (it predicts every step)");
        Require(options.Blocks is >= 1 and <= 64, $"TrainingOptions.Blocks must be 1–64 (got {options.Blocks})");
        Require(options.Heads is >= 1 and <= 64, $"TrainingOptions.Heads must be 1–64 (got {options.Heads})");
        Require(options.Width is >= 1 and <= 4096, $"TrainingOptions.Width must be 1–4096 (got {options.Width})");
        Require(options.Width % options.Heads == 0, $"TrainingOptions.Width ({options.Width}) must be a multiple of TrainingOptions.Heads ({options.Heads})");
        Require(options.FeedForward is >= 1 and <= 16384, $"TrainingOptions.FeedForward must be 1–16384 (got {options.FeedForward})");
        Require(options.Dropout >= 0 && options.Dropout < 1, $"TrainingOptions.Dropout must be at least 0 and below 1 (got {options.Dropout})");
        Require(options.Lookback <= 1024, $"TrainingOptions.Lookback (the transformer's context) must be at most 1024 (got {options.Lookback})");
    }

    /// <summary>The network of <paramref name="options"/>: its context is the look-back.</summary>
    public static TransformerConfig Config(TrainingOptions options, int inputSize, int outputSize) => new()
    {
        InputSize = inputSize,
        OutputSize = outputSize,
        Width = options.Width,
        Heads = options.Heads,
        Layers = options.Blocks,
        FeedForward = options.FeedForward,
        Context = options.Lookback,
        Dropout = options.Dropout,
    };

    public INetwork CreateNetwork(TrainingOptions options, int inputSize, int outputSize) =>
        TransformerNetwork.Create(Config(options, inputSize, outputSize), options.Seed);

    public ITrainingTask OpenTraining(FamilyTrainingContext context)
    {
        var encoding = context.Resume
            ? CategoricalEncodingJson.TryLoad(context.ModelFolder)
                ?? throw new Dl4mException($"cannot resume '{context.ModelFolderAsGiven}': it has no {CategoricalEncodingJson.FileName} (a transformer model folder needs one)")
            : CategoricalTrainingTask.FitEncoding(context.Dataset, context.Options);
        return CategoricalTrainingTask.Create(context.Dataset, context.DataFolder, context.Options, encoding, context.InjectedLoss);
    }

    public IReadOnlyList<string> FolderFiles { get; } = [CategoricalEncodingJson.FileName];

    public bool Marks(string modelFolder) => TransformerStore.IsTransformer(modelFolder);

    public ModelFolderSummary Describe(string modelFolder)
    {
        using var generator = CategoricalGenerator.Load(modelFolder, out var info);
        return new ModelFolderSummary(info.Dataset, generator.Encoding.Labels);
    }

    public IReadOnlyList<GeneratedFile> Generate(GenerationRequest request, SongOutput output, Action<string>? notice, bool builtIn) =>
        CategoricalSongWriter.Run(request, output, notice, builtIn, Kind);
}
