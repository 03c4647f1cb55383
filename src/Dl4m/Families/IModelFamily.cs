using Dl4m.Generation;
using Dl4m.Nn;
using Dl4m.Training;

namespace Dl4m.Families;

/// <summary>
/// One model family (what <c>dl4m train --model NAME</c> trains and <c>dl4m generate</c> runs): its names, its options
/// (defaults, the ones only it reads, its rules), the training task (encoding, window set, loss, validation, baselines;
/// <see cref="ITrainingTask"/>), the network, the files of its model folder and the generator. The shared engine lives in
/// Nn/, the shared training loop in <see cref="Trainer"/>; a family's own code lives in Families/NAME/. A new family is a
/// folder with its <see cref="IModelFamily"/> (whose <see cref="Kind"/> is a <see cref="ModelKind"/> of its own name) plus
/// one line in <see cref="ModelFamilies"/>.
/// </summary>
internal interface IModelFamily
{
    /// <summary>The value in <see cref="TrainingOptions.Model"/>.</summary>
    ModelKind Kind { get; }

    /// <summary>The name on the command line and in train.json, lower-case: <see cref="Kind"/>'s.</summary>
    string Name => Kind.Name;

    /// <summary>Older names still accepted on the command line and in train.json (written as <see cref="Name"/>).</summary>
    IReadOnlyList<string> Aliases { get; }

    /// <summary>One phrase for help texts.</summary>
    string Description { get; }

    /// <summary>The options a new run of this family starts from.</summary>
    TrainingOptions Defaults { get; }

    /// <summary>
    /// Names of the <see cref="TrainingOptions"/> properties only this family reads: the command line refuses them for
    /// another family by asking every family for its list (a third family adds its own here, not in the CLI).
    /// </summary>
    IReadOnlyCollection<string> OwnOptions { get; }

    /// <summary>True when training can carry the network's state from window to window (<see cref="StateMode.Carry"/>).</summary>
    bool CarriesState { get; }

    /// <summary>The stride of <paramref name="options"/> when <see cref="TrainingOptions.Stride"/> is not given.</summary>
    int DefaultStride(TrainingOptions options);

    /// <summary>The family's own rules on <paramref name="options"/> (the common ones are <see cref="TrainingOptions.Validate"/>'s).</summary>
    /// <exception cref="Dl4mException">An option this family cannot take.</exception>
    void Validate(TrainingOptions options);

    /// <summary>A new network for the task's input and output sizes, initialised from <see cref="TrainingOptions.Seed"/>.</summary>
    INetwork CreateNetwork(TrainingOptions options, int inputSize, int outputSize);

    /// <summary>Builds the family's side of a training run (for a resumed run: from the files of its model folder).</summary>
    /// <exception cref="Dl4mException">Too little data for the options, or a model folder that lacks the family's files.</exception>
    ITrainingTask OpenTraining(FamilyTrainingContext context);

    /// <summary>The files of the family's own in a model folder, beside config.json, model.safetensors and train.json.</summary>
    IReadOnlyList<string> FolderFiles { get; }

    /// <summary>
    /// For folders without a readable train.json only (config and weights copied alone, or written before train.json
    /// named the family): true when the folder's files say it is this family's.
    /// </summary>
    bool Marks(string modelFolder);

    /// <summary>Loads the model of <paramref name="modelFolder"/> as generation does, and says what it offers.</summary>
    /// <exception cref="Dl4mException">A missing or damaged file, named.</exception>
    ModelFolderSummary Describe(string modelFolder);

    /// <summary>
    /// Generates and writes the songs of <paramref name="request"/> (its model folder resolved) through
    /// <paramref name="output"/>; <paramref name="builtIn"/>: the folder is the built-in model's (its dataset is not shipped).
    /// </summary>
    IReadOnlyList<GeneratedFile> Generate(GenerationRequest request, SongOutput output, Action<string>? notice, bool builtIn);
}
