using Dl4m.Nn;

namespace Dl4m.Training;

/// <summary>
/// Everything a user tunes for <c>dl4m train</c>. The defaults reproduce the original model
/// (LSTM(48) → Dense(24, relu) → Dense(3), combined note loss, Adam lr 0.001, batch 32) with a
/// look-back of 16 events (the original's is unknown; see docs/readme/train.md).
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Events per input window.</summary>
    public int Lookback { get; init; } = 16;

    /// <summary>Units of each LSTM layer (one value per layer; a single value is repeated for <see cref="LstmLayers"/>).</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [48];

    /// <summary>Number of stacked LSTM layers.</summary>
    public int LstmLayers { get; init; } = 1;

    /// <summary>Units of the relu Dense layers between the LSTMs and the linear Dense(3) output.</summary>
    public IReadOnlyList<int> Dense { get; init; } = [24];

    /// <summary>Passes over the training windows.</summary>
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

    /// <summary>Validate (and checkpoint) every N steps; 0 = at the end of each epoch.</summary>
    public int ValidateEvery { get; init; }

    /// <summary>Stop after this many validations without a better validation loss; 0 = never.</summary>
    public int Patience { get; init; }

    /// <summary>Use at most this many training (and validation) windows; 0 = all.</summary>
    public int MaxWindows { get; init; }

    /// <summary>Use at most this many songs per split; 0 = all.</summary>
    public int MaxSongs { get; init; }

    /// <summary>Windows per batch when validating (inference only, so larger than <see cref="Batch"/>).</summary>
    public int ValidationBatch { get; init; } = 256;

    /// <summary>Throws a <see cref="Dl4mException"/> naming the option that is out of range.</summary>
    public void Validate()
    {
        static void Require(bool ok, string message) { if (!ok) throw new Dl4mException(message); }
        Require(Lookback >= 1, $"--lookback must be at least 1 (got {Lookback})");
        Require(LstmLayers >= 1, $"--layers must be at least 1 (got {LstmLayers})");
        Require(Hidden.Count == 1 || Hidden.Count == LstmLayers, $"--hidden gives {Hidden.Count} sizes for {LstmLayers} LSTM layer(s): give one size or one per layer");
        Require(Hidden.All(h => h >= 1), "--hidden sizes must be at least 1");
        Require(Dense.All(h => h >= 1), "--dense sizes must be at least 1");
        Require(Epochs >= 1, $"--epochs must be at least 1 (got {Epochs})");
        Require(Batch >= 1, $"--batch must be at least 1 (got {Batch})");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), $"--lr must be a positive number (got {LearningRate})");
        Require(Clip >= 0 && double.IsFinite(Clip), $"--clip must be 0 (off) or a positive number (got {Clip})");
        Require(Threads >= 1, $"--threads must be at least 1 (got {Threads})");
        Require(WarmupEpochs >= 0, $"--warmup-epochs must be 0 or positive (got {WarmupEpochs})");
        Require(ValidateEvery >= 0, $"--val-every must be 0 (each epoch) or positive (got {ValidateEvery})");
        Require(Patience >= 0, $"--patience must be 0 (off) or positive (got {Patience})");
        Require(MaxWindows >= 0, $"--max-windows must be 0 (all) or positive (got {MaxWindows})");
        Require(MaxSongs >= 0, $"--max-songs must be 0 (all) or positive (got {MaxSongs})");
        Require(ValidationBatch >= 1, $"validation batch must be at least 1 (got {ValidationBatch})");
    }

    /// <summary>The network these options describe: LSTMs (the last returns sequences only many-to-many), relu Dense layers, linear Dense(3).</summary>
    public ModelConfig ModelConfig()
    {
        var layers = new List<LayerConfig>();
        for (int i = 0; i < LstmLayers; i++)
        {
            int units = Hidden.Count == 1 ? Hidden[0] : Hidden[i];
            bool sequences = i < LstmLayers - 1 || Mode == TrainingMode.ManyToMany;
            layers.Add(LayerConfig.Lstm(units, sequences));
        }
        foreach (int units in Dense) layers.Add(LayerConfig.Dense(units, Activation.Relu));
        layers.Add(LayerConfig.Dense(WindowSet.Features));
        return new ModelConfig { InputSize = WindowSet.Features, Layers = layers };
    }
}
