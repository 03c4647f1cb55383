using System.Text.Json.Serialization;
using Dl4m.Training;

namespace Dl4m.Families;

/// <summary>
/// The options only one model family reads (<see cref="TrainingOptions.Family"/>): each family has its own record in its
/// folder (Families/NAME/NAMEOptions.cs), so an option of another family cannot be given at all. train.json writes the
/// record as <c>options.family</c>; its type is told by <c>options.model</c> (<see cref="TrainingOptionsJsonConverter"/>).
/// </summary>
public abstract record FamilyOptions
{
    /// <summary>The family these options are for (train.json's <c>options.model</c>, written beside the record).</summary>
    [JsonIgnore]
    public abstract ModelKind Model { get; }
}
