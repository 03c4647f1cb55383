using Dl4m.Data;
using Dl4m.Training;
using Dl4m.Training.Losses;

namespace Dl4m.Families;

/// <summary>What <see cref="Trainer.Open"/> hands a family to build its training task.</summary>
/// <param name="Dataset">The opened dataset.</param>
/// <param name="DataFolder">The dataset folder as given (for messages).</param>
/// <param name="ModelFolder">The model folder's full path.</param>
/// <param name="ModelFolderAsGiven">The model folder as given (for messages).</param>
/// <param name="Options">The options in force (validated).</param>
/// <param name="Scaling">The feature normalisation (a resumed run's stored one).</param>
/// <param name="Resume">True when the run continues a model folder: the family reads its files back instead of fitting them.</param>
/// <param name="InjectedLoss">A loss replacing the options' one (tests inject failures); families that cannot take one refuse it.</param>
internal sealed record FamilyTrainingContext(
    Dataset Dataset,
    string DataFolder,
    string ModelFolder,
    string ModelFolderAsGiven,
    TrainingOptions Options,
    FeatureScaling Scaling,
    bool Resume,
    ITrainingLoss? InjectedLoss);
