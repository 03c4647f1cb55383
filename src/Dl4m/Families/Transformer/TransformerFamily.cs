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
        Family = new TransformerOptions
        {
            LookbackBars = CategoricalEncoding.DefaultLookbackBars,
            ValidationEvents = CategoricalFamily.DefaultValidationEvents,
        },
        Lookback = 64,
        AugmentTranspose = 5,
        Epochs = CategoricalFamily.DefaultEpochs,
        Patience = CategoricalFamily.DefaultPatience,
        MinDelta = CategoricalFamily.DefaultMinDelta,
        ValidateEvery = null,
        Clip = 1,
    };

    public bool CarriesState => false;

    // Windows follow each other, so each validation note is scored once.
    public int DefaultStride(TrainingOptions options) => options.Lookback;

    public void Validate(TrainingOptions options)
    {
        static void Require(bool ok, string message) { if (!ok) throw new Dl4mException(message, message[..message.IndexOf(' ')]); }
        var own = options.FamilyAs<TransformerOptions>();
        own.ValidateTokens();
        Require(own.Blocks is >= 1 and <= 64, $"TransformerOptions.Blocks must be 1–64 (got {own.Blocks})");
        Require(own.Heads is >= 1 and <= 64, $"TransformerOptions.Heads must be 1–64 (got {own.Heads})");
        Require(own.Width is >= 1 and <= 4096, $"TransformerOptions.Width must be 1–4096 (got {own.Width})");
        Require(own.Width % own.Heads == 0, $"TransformerOptions.Width ({own.Width}) must be a multiple of TransformerOptions.Heads ({own.Heads})");
        Require(own.FeedForward is >= 1 and <= 16384, $"TransformerOptions.FeedForward must be 1–16384 (got {own.FeedForward})");
        Require(own.Dropout >= 0 && own.Dropout < 1, $"TransformerOptions.Dropout must be at least 0 and below 1 (got {own.Dropout})");
        Require(options.Lookback <= 1024, $"TrainingOptions.Lookback (the transformer's context) must be at most 1024 (got {options.Lookback})");
    }

    /// <summary>The network of <paramref name="options"/>: its context is the look-back.</summary>
    public static TransformerConfig Config(TrainingOptions options, int inputSize, int outputSize)
    {
        var own = options.FamilyAs<TransformerOptions>();
        return new()
        {
            InputSize = inputSize,
            OutputSize = outputSize,
            Width = own.Width,
            Heads = own.Heads,
            Layers = own.Blocks,
            FeedForward = own.FeedForward,
            Context = options.Lookback,
            Dropout = own.Dropout,
        };
    }

    public INetwork CreateNetwork(TrainingOptions options, ITrainingTask task) =>
        TransformerNetwork.Create(Config(options, task.InputSize, task.OutputSize), options.Seed);

    public ITrainingTask OpenTraining(FamilyTrainingContext context)
    {
        var encoding = context.Resume
            ? CategoricalEncodingJson.TryLoad(context.ModelFolder)
                ?? throw new Dl4mException($"cannot resume '{context.ModelFolderAsGiven}': it has no {CategoricalEncodingJson.FileName} (a transformer model folder needs one)")
            // version 2: the transformer has no copy layer, its embedding reads the suggestions as one-hot inputs
            : CategoricalTrainingTask.FitEncoding(context.Dataset, context.Options, CategoricalEncoding.EventLookback);
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
