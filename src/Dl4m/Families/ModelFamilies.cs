using System.Text.Json;
using Dl4m.Families.Categorical;
using Dl4m.Families.Original;
using Dl4m.Families.Transformer;
using Dl4m.Training;

namespace Dl4m.Families;

/// <summary>The registry of model families: one line per family in <see cref="All"/>; lookups by kind, name and model folder.</summary>
internal static class ModelFamilies
{
    /// <summary>Every family; the first is what a folder without train.json and without another family's mark holds.</summary>
    public static IReadOnlyList<IModelFamily> All { get; } =
    [
        new OriginalFamily(),
        new CategoricalFamily(),
        new TransformerFamily(),
    ];

    /// <summary>The family of <paramref name="kind"/>.</summary>
    public static IModelFamily Of(ModelKind kind) =>
        All.FirstOrDefault(f => f.Kind == kind) ?? throw new Dl4mException($"model must be {NameList} (got {kind})");

    /// <summary>Every family's kind, in registry order.</summary>
    public static IEnumerable<ModelKind> Kinds => All.Select(f => f.Kind);

    /// <summary>The family named <paramref name="name"/> or one of its aliases (any case); null when none is.</summary>
    public static IModelFamily? Find(string name) =>
        All.FirstOrDefault(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase)
            || f.Aliases.Any(a => a.Equals(name, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The family named <paramref name="name"/> (or an alias).</summary>
    /// <exception cref="Dl4mException">No family has that name.</exception>
    public static IModelFamily Parse(string name) =>
        Find(name) ?? throw new Dl4mException($"model '{name}': expected {NameList}");

    /// <summary>Every name and alias the command line accepts.</summary>
    public static IEnumerable<string> AcceptedNames => All.SelectMany(f => f.Aliases.Prepend(f.Name));

    /// <summary>The families' names for messages, e.g. "original or categorical".</summary>
    public static string NameList =>
        All.Count == 1 ? All[0].Name : string.Join(", ", All.Take(All.Count - 1).Select(f => f.Name)) + " or " + All[^1].Name;

    /// <summary>
    /// The family of a model folder: the one train.json's <c>options.model</c> names. A folder without a readable
    /// train.json (config and weights only) is told by its files (<see cref="IModelFamily.Marks"/>: categorical when it
    /// has encoding.json), else it is the original's. Reading the record first means a categorical folder that lost its
    /// encoding.json is told so by name instead of being run as another family's model.
    /// </summary>
    /// <exception cref="Dl4mException">train.json names a family this dl4m does not know.</exception>
    public static IModelFamily OfFolder(string modelFolder)
    {
        if (RecordedName(modelFolder) is { } name)
            return Find(name) ?? throw new Dl4mException(
                $"{Path.Combine(modelFolder, Trainer.RecordFileName)} names model family '{name}', which this dl4m does not know ({NameList})");
        return All.Skip(1).FirstOrDefault(f => f.Marks(modelFolder)) ?? All[0];
    }

    /// <summary>train.json's options.model, or null when there is no readable one.</summary>
    private static string? RecordedName(string modelFolder)
    {
        string path = Path.Combine(modelFolder, Trainer.RecordFileName);
        if (!File.Exists(path)) return null;
        try
        {
            using var record = JsonDocument.Parse(File.ReadAllBytes(path));
            return record.RootElement.ValueKind == JsonValueKind.Object
                && record.RootElement.TryGetProperty("options", out var options) && options.ValueKind == JsonValueKind.Object
                && options.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String
                ? model.GetString()
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null; // the loader that runs next names the damaged file
        }
    }
}
