using Dl4m.Data;
using Dl4m.Generation;
using Dl4m.Families;
using Dl4m.Training;

namespace Dl4m.Cli.Studio;

/// <summary>What the page shows and offers for a model: its family, labels and the dataset its primers can come from.</summary>
/// <param name="Name">The folder as given, or "built-in".</param>
/// <param name="Kind">The model family's name ("categorical", "original").</param>
/// <param name="Labels">Labels the model can be conditioned on (empty: none).</param>
/// <param name="Dataset">Dataset folder of its primers when it still exists, else null.</param>
/// <param name="Songs">Songs in that dataset (0 without one).</param>
/// <param name="BuiltIn">True for the built-in model.</param>
/// <param name="About">One line on where the model comes from.</param>
public sealed record ModelDescription(string Name, string Kind, IReadOnlyList<string> Labels, string? Dataset, int Songs, bool BuiltIn, string About)
{
    /// <summary>Loads the model of <paramref name="folder"/> (null: the built-in one) as generation would, and describes it.</summary>
    /// <exception cref="Dl4mException">The folder is missing or broken; the message names the file and the reason.</exception>
    public static ModelDescription Of(string? folder)
    {
        bool builtIn = folder is null;
        string path = folder ?? BuiltInModel.Name;
        if (!builtIn && !Directory.Exists(path)) throw new Dl4mException($"model folder '{path}' does not exist");
        string kind;
        IReadOnlyList<string> labels;
        string recorded;
        if (builtIn)
        {
            // the built-in model loads from the bytes embedded in the library, as generation loads it
            using var generator = BuiltInModel.Load(out var info);
            kind = ModelKind.Categorical.Name;
            labels = generator.Encoding.Labels;
            recorded = info.Dataset;
        }
        else
        {
            var family = ModelFamilies.OfFolder(path);
            kind = family.Name;
            (recorded, labels) = family.Describe(path);
        }
        string? dataset = !builtIn && Directory.Exists(recorded) ? recorded : null;
        int songs = 0;
        if (dataset is not null)
        {
            using var data = Data.Dataset.Open(dataset);
            songs = data.Songs.Count;
        }
        string about = builtIn
            ? "the built-in model: LSTM trained on the Nottingham folk tunes (GPL-3); primed by a tune written in code, or your upload"
            : $"{kind} model from {path}";
        return new ModelDescription(builtIn ? BuiltInModel.Name : path, kind, labels, dataset, songs, builtIn, about);
    }
}
