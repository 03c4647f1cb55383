using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dl4m.Data;

/// <summary>JSON settings of the dataset files: snake_case keys, enums as snake_case strings.</summary>
internal static class DatasetJson
{
    public static readonly JsonSerializerOptions Indented = Create(indented: true);
    public static readonly JsonSerializerOptions Compact = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = indented,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
