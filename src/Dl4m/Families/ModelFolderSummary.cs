namespace Dl4m.Families;

/// <summary>What a model folder offers generation (from <see cref="IModelFamily.Describe"/>).</summary>
/// <param name="Dataset">The dataset folder train.json records (may no longer exist).</param>
/// <param name="Labels">Labels the model can be conditioned on (empty: none).</param>
internal sealed record ModelFolderSummary(string Dataset, IReadOnlyList<string> Labels);
