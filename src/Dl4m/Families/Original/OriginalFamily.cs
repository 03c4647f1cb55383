using Dl4m.Generation;
using Dl4m.Nn;
using Dl4m.Training;

namespace Dl4m.Families.Original;

/// <summary>
/// The original CMU project's model: normalised (note, velocity, Δtime) windows → LSTM(48) → Dense(24, relu) → Dense(3),
/// the musical note loss after an MSE warm-up; generation feeds back the rounded or sampled prediction, with the
/// residual noise stored beside the weights (<see cref="SamplingNoiseFile"/>).
/// </summary>
internal sealed class OriginalFamily : IModelFamily
{
    public ModelKind Kind => ModelKind.Original;

    // "seed" was the family's name until it was renamed (the word also means the random seed).
    public IReadOnlyList<string> Aliases { get; } = ["seed"];

    public string Description => "the original's regression model (note, velocity, Δtime → LSTM(48) → Dense(24) → Dense(3), note loss)";

    /// <summary>The original's settings: LSTM(48) → Dense(24, relu) → Dense(3), look-back 16, many-to-one, the note loss
    /// (the initial values of <see cref="TrainingOptions"/> and <see cref="OriginalOptions"/>).</summary>
    public TrainingOptions Defaults { get; } = new() { Family = new OriginalOptions() };

    // The original's windows start at every event.
    public int DefaultStride(TrainingOptions options) => 1;

    public void Validate(TrainingOptions options)
    {
        var own = options.FamilyAs<OriginalOptions>();
        own.ValidateNetwork();
        if (own.WarmupEpochs < 0) throw new Dl4mException($"OriginalOptions.WarmupEpochs must be 0 or positive (got {own.WarmupEpochs})", "OriginalOptions.WarmupEpochs");
        // The original's windows start at every event.
        if (options.Stride > 1) throw new Dl4mException("TrainingOptions.Stride applies to TrainingOptions.Model categorical only (original windows start at every event)", "TrainingOptions.Stride");
    }

    public INetwork CreateNetwork(TrainingOptions options, ITrainingTask task) =>
        Model.Create(options.FamilyAs<OriginalOptions>().ModelConfig(task.InputSize, task.OutputSize), options.Seed);

    public ITrainingTask OpenTraining(FamilyTrainingContext context) =>
        OriginalTrainingTask.Create(context.Dataset, context.DataFolder, context.Options, context.Scaling, context.InjectedLoss);

    public IReadOnlyList<string> FolderFiles { get; } = [SamplingNoiseFile.FileName];

    // A folder without train.json and without another family's mark is the original's (the oldest folders are).
    public bool Marks(string modelFolder) => false;

    public ModelFolderSummary Describe(string modelFolder)
    {
        using var generator = OriginalGenerator.Load(modelFolder, out var record);
        return new ModelFolderSummary(record.Dataset, []);
    }

    public IReadOnlyList<GeneratedFile> Generate(GenerationRequest request, SongOutput output, Action<string>? notice, bool builtIn)
    {
        request.RefuseReducedWeights();
        return OriginalSongWriter.Run(request, output, notice);
    }
}
