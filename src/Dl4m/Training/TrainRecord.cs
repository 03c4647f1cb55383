namespace Dl4m.Training;

/// <summary>
/// train.json of a model folder: how the model was trained, on what data, and how to undo its normalisation.
/// With config.json (the architecture) and model.safetensors (the best weights) the folder is self-describing.
/// </summary>
public sealed record TrainRecord
{
    /// <summary>dl4m version that trained the model.</summary>
    public required string Dl4mVersion { get; init; }

    /// <summary>Full path of the dataset folder.</summary>
    public required string Dataset { get; init; }

    /// <summary>SHA-256 of the dataset's manifest.json (lower-case hex): resuming on other data is refused.</summary>
    public required string ManifestSha256 { get; init; }

    /// <summary>The model in one line, e.g. "LSTM(48) → Dense(24, relu) → Dense(3)".</summary>
    public required string Model { get; init; }

    /// <summary>Trainable parameters.</summary>
    public required long Parameters { get; init; }

    /// <summary>Training options.</summary>
    public required TrainingOptions Options { get; init; }

    /// <summary>Feature normalisation (inputs and outputs are z-scores with these).</summary>
    public required FeatureScaling Normalization { get; init; }

    /// <summary>Training windows per epoch and validation windows.</summary>
    public required long TrainWindows { get; init; }

    /// <summary>Validation windows.</summary>
    public required long ValidationWindows { get; init; }

    /// <summary>Steps between validations in force (0 = each epoch), from --val-every or the automatic rule.</summary>
    public int ValidationEverySteps { get; init; }

    /// <summary>The validation cadence in words.</summary>
    public string? ValidationCadence { get; init; }

    /// <summary>The part of the validation split validated on (categorical; null for the original model: every window).</summary>
    public ValidationSample? ValidationSample { get; init; }

    /// <summary>How the last session ended; null while a run is in progress (or was killed).</summary>
    public TrainingOutcome? Outcome { get; init; }
}
