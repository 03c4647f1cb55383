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
        Family = new CategoricalOptions
        {
            Hidden = [128],
            Dense = [],
            Mode = TrainingMode.ManyToMany,
            LookbackBars = CategoricalEncoding.DefaultLookbackBars,
            State = StateMode.Carry,
            ValidationEvents = DefaultValidationEvents,
        },
        Lookback = 32,
        AugmentTranspose = 5,
        Epochs = DefaultEpochs,
        Patience = DefaultPatience,
        MinDelta = DefaultMinDelta,
        ValidateEvery = null,
    };

    // Windows follow each other, so a carried state sees every event once.
    public int DefaultStride(TrainingOptions options) => options.Lookback;

    public void Validate(TrainingOptions options)
    {
        // Every message starts with the parameter it is about (the tool maps it to its flag).
        static void Require(bool ok, string message) { if (!ok) throw new Dl4mException(message, message[..message.IndexOf(' ')]); }
        var own = options.FamilyAs<CategoricalOptions>();
        own.ValidateNetwork();
        own.ValidateTokens();
        Require(Enum.IsDefined(own.State), $"CategoricalOptions.State must be carry or reset (got {own.State})");
        Require(own.State == StateMode.Reset || options.EffectiveStride == options.Lookback,
            $"CategoricalOptions.State carry needs windows that follow each other: TrainingOptions.Stride equal to TrainingOptions.Lookback ({options.Lookback}, got {options.EffectiveStride}); use CategoricalOptions.State reset");
    }

    /// <summary>
    /// LSTM(128) → Dense(output) logits; with lookback version 2 or 3 (<see cref="CategoricalEncoding.HasCopyLayer"/>) the
    /// last Dense also gives the copy gates (one per lookback entry and head) and a copy layer ends the network; in
    /// version 3 the LSTM does not read the suggestion blocks (<see cref="CategoricalEncoding.NetworkInputSize"/>).
    /// </summary>
    public INetwork CreateNetwork(TrainingOptions options, ITrainingTask task) =>
        Model.Create(Network(options, ((CategoricalTrainingTask)task).Encoding), options.Seed);

    /// <summary>The network of <paramref name="encoding"/> under <paramref name="options"/> (see <see cref="CreateNetwork"/>).</summary>
    public static ModelConfig Network(TrainingOptions options, CategoricalEncoding encoding)
    {
        var family = options.FamilyAs<CategoricalOptions>();
        // many-to-one has no step-by-step output for the copy layer to read: the suggestion blocks are then plain inputs
        if (!encoding.HasCopyLayer || family.Mode != TrainingMode.ManyToMany) return family.ModelConfig(encoding.InputSize, encoding.OutputSize);
        var config = family.ModelConfig(encoding.InputSize, encoding.OutputSize + encoding.CopyGates);
        var layers = config.Layers.ToList();
        // version 3: the LSTM reads the row up to the labels; the suggestion blocks after them are the copy layer's alone
        if (encoding.NetworkInputSize < encoding.InputSize) layers[0] = layers[0] with { InputColumns = encoding.NetworkInputSize };
        return config with { Layers = [.. layers, CategoricalCopyLayer.Of(encoding)] };
    }

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

    public IReadOnlyList<GeneratedFile> Generate(GenerationRequest request, SongOutput output, Action<string>? notice, bool builtIn)
    {
        request.RefuseReducedWeights();
        return CategoricalSongWriter.Run(request, output, notice, builtIn);
    }
}
