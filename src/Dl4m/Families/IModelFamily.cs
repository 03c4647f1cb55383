using Dl4m.Generation;
using Dl4m.Nn;
using Dl4m.Training;

namespace Dl4m.Families;

/// <summary>
/// One model family (what <c>dl4m train --model NAME</c> trains and <c>dl4m generate</c> runs): its names, its options
/// (its own record, a <see cref="FamilyOptions"/>; its defaults; its rules), the training task (encoding, window set, loss, validation, baselines;
/// <see cref="ITrainingTask"/>), the network, the files of its model folder and the generator. The shared engine lives in
/// Nn/, the shared training loop in <see cref="Trainer"/>; a family's own code lives in Families/NAME/. A new family is a
/// folder with its <see cref="IModelFamily"/> (whose <see cref="Kind"/> is a <see cref="ModelKind"/> of its own name) and its
/// options record, plus one line in <see cref="ModelFamilies"/> (and its flags in the command line's train command).
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

    /// <summary>
    /// The options a new run of this family starts from: the common ones this family prefers and, in
    /// <see cref="TrainingOptions.Family"/>, its own record (whose type is the family's: train.json's
    /// <c>options.family</c> is read as that type, and the command line refuses another family's flags by it).
    /// </summary>
    TrainingOptions Defaults { get; }

    /// <summary>The stride of <paramref name="options"/> when <see cref="TrainingOptions.Stride"/> is not given.</summary>
    int DefaultStride(TrainingOptions options);

    /// <summary>
    /// The family's own rules on <paramref name="options"/>: its record (<see cref="TrainingOptions.Family"/>, of this
    /// family's type) and the common options it cannot take (the common rules are <see cref="TrainingOptions.Validate"/>'s).
    /// </summary>
    /// <exception cref="Dl4mException">An option this family cannot take.</exception>
    void Validate(TrainingOptions options);

    /// <summary>A new network for the task (opened by <see cref="OpenTraining"/>): its input and output sizes and whatever
    /// layers its encoding asks for, initialised from <see cref="TrainingOptions.Seed"/>.</summary>
    INetwork CreateNetwork(TrainingOptions options, ITrainingTask task);

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
