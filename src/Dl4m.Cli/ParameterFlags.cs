using System.Text.RegularExpressions;
using Dl4m.IO;

namespace Dl4m.Cli;

/// <summary>
/// The one table from the library's parameter names (what <see cref="Dl4mException"/> messages say, e.g.
/// <c>TrainingOptions.Stride</c>) to the tool's flags (<c>--stride</c>), so a user of the tool reads the flag they
/// typed while the library never mentions a command line.
/// </summary>
internal static class ParameterFlags
{
    /// <summary>Library parameter name → command-line flag.</summary>
    public static readonly IReadOnlyDictionary<string, string> Table = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [OutputFile.ForceParameter] = "--force",
        // TrainingOptions
        ["TrainingOptions.AugmentTranspose"] = "--augment",
        ["TrainingOptions.Batch"] = "--batch",
        ["TrainingOptions.Clip"] = "--clip",
        ["TrainingOptions.Epochs"] = "--epochs",
        ["TrainingOptions.Family"] = "--model",
        ["TrainingOptions.LearningRate"] = "--lr",
        ["TrainingOptions.Lookback"] = "--lookback",
        ["TrainingOptions.MaxSongs"] = "--max-songs",
        ["TrainingOptions.MaxWindows"] = "--max-windows",
        ["TrainingOptions.MinDelta"] = "--min-delta",
        ["TrainingOptions.Model"] = "--model",
        ["TrainingOptions.Patience"] = "--patience",
        ["TrainingOptions.Seed"] = "--seed",
        ["TrainingOptions.Stride"] = "--stride",
        ["TrainingOptions.Threads"] = "--threads",
        ["TrainingOptions.TimeLimitSeconds"] = "--time",
        ["TrainingOptions.ValidateEvery"] = "--val-every",
        // The family records (TrainingOptions.Family)
        ["CategoricalTokenOptions.IntervalRange"] = "--interval-range",
        ["CategoricalTokenOptions.LookbackBars"] = "--lookback-bars",
        ["CategoricalTokenOptions.NormalizeKey"] = "--normalize-key",
        ["CategoricalTokenOptions.Smoothing"] = "--smoothing",
        ["CategoricalTokenOptions.SmoothingTemperature"] = "--smoothing-temperature",
        ["CategoricalOptions.State"] = "--state",
        ["CategoricalTokenOptions.ValidationEvents"] = "--val-events",
        ["ILstmOptions.Dense"] = "--dense",
        ["ILstmOptions.Hidden"] = "--hidden",
        ["ILstmOptions.LstmLayers"] = "--layers",
        ["ILstmOptions.Mode"] = "--mode",
        ["OriginalOptions.Loss"] = "--loss",
        ["OriginalOptions.WarmupEpochs"] = "--warmup-epochs",
        ["TransformerOptions.Blocks"] = "--blocks",
        ["TransformerOptions.Dropout"] = "--dropout",
        ["TransformerOptions.FeedForward"] = "--ff",
        ["TransformerOptions.Heads"] = "--heads",
        ["TransformerOptions.Width"] = "--width",
        // OutputPolicy
        ["OutputPolicy.Force"] = "--force",
        ["OutputPolicy.Resume"] = "--resume",
        // GenerationOptions
        ["GenerationOptions.Beam"] = "--beam",
        ["GenerationOptions.Context"] = "--context",
        ["GenerationOptions.Duration"] = "--duration",
        ["GenerationOptions.LowNote"] = "--range",
        ["GenerationOptions.HighNote"] = "--range",
        ["GenerationOptions.Mode"] = "--mode",
        ["GenerationOptions.Notes"] = "--notes",
        ["GenerationOptions.Seconds"] = "--seconds",
        ["GenerationOptions.Seed"] = "--seed",
        ["GenerationOptions.Temperature"] = "--temperature",
        ["GenerationOptions.TopK"] = "--top-k",
        ["GenerationOptions.TopP"] = "--top-p",
        // GenerationRequest
        ["GenerationRequest.Bpm"] = "--bpm",
        ["GenerationRequest.CachedWeights"] = "--weights",
        ["GenerationRequest.Count"] = "--count",
        ["GenerationRequest.DataFolder"] = "--data",
        ["GenerationRequest.Force"] = "--force",
        ["GenerationRequest.Key"] = "--key",
        ["GenerationRequest.Label"] = "--label",
        ["GenerationRequest.Output"] = "--out",
        ["GenerationRequest.Png"] = "--png",
        ["GenerationRequest.PrimerFile"] = "--primer",
        ["GenerationRequest.Program"] = "--program",
        ["GenerationRequest.Song"] = "--song",
        ["GenerationRequest.Wav"] = "--wav",
        // DatasetBuildOptions
        ["DatasetBuildOptions.Force"] = "--force",
        ["DatasetBuildOptions.Split"] = "--split",
        ["DatasetBuildOptions.Threads"] = "--threads",
        // BaselineOptions
        ["BaselineOptions.Count"] = "--count",
        ["BaselineOptions.Force"] = "--force",
        ["BaselineOptions.Notes"] = "--notes",
        ["BaselineOptions.Order"] = "--order",
        ["BaselineOptions.Seed"] = "--seed",
        // DemoOptions
        ["DemoOptions.Corpus"] = "--corpus",
        ["DemoOptions.Epochs"] = "--epochs",
        ["DemoOptions.Force"] = "--force",
        ["DemoOptions.Output"] = "--out",
        ["DemoOptions.Seed"] = "--seed",
        // RetimeOptions
        ["RetimeOptions.Ppq"] = "--ppq",
        ["RetimeOptions.Tempo"] = "--tempo",
        ["RetimeOptions.Transpose"] = "--transpose",
    };

    // Whole names only: not inside a longer name, a flag, a quoted name or a path ("/tmp/force/a.mid", "force.png"
    // stay as they are); a sentence's full stop may follow. Longest first, so "X.LookbackBars" wins over "X.Lookback".
    private static readonly Regex Names = new(
        @"(?<![\w.\-/\\'])(" + string.Join('|', Table.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape)) + @")(?![\w\-/\\'])(?!\.\w)",
        RegexOptions.CultureInvariant);

    /// <summary>The message of <paramref name="error"/> as the tool prints it: a library error's parameter names replaced by their flags.</summary>
    public static string InMessage(Exception error) => error is Dl4mException ? Replace(error.Message) : error.Message;

    /// <summary><paramref name="message"/> with every parameter name of the table replaced by its flag.</summary>
    public static string Replace(string message) => Names.Replace(message, m => Table[m.Value]);
}
