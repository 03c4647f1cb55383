using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dl4m.Data;

/// <summary>
/// JSON of the dataset files: snake_case keys, splits as "train"/"validation"/"test". Source-generated,
/// so no reflection warm-up at run time (prepare's whole run is well under a second).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(DatasetManifest))]
[JsonSerializable(typeof(List<SongEntry>))]
internal sealed partial class DatasetJsonContext : JsonSerializerContext;

/// <summary>Shortcuts to the generated metadata.</summary>
internal static class DatasetJson
{
    /// <summary>Options for manifest.json (indented).</summary>
    public static JsonSerializerOptions Indented => DatasetJsonContext.Default.Options;

    /// <summary>Options for one-line output (the --json summary).</summary>
    public static readonly JsonSerializerOptions Compact = new(DatasetJsonContext.Default.Options) { WriteIndented = false };
}
