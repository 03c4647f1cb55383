using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dl4m.Cli;

/// <summary>Writes the one JSON object a command prints with --json (snake_case, as the manifests are).</summary>
internal static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Keep "→", "Δ" and accents readable: this is console output, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new NonFiniteAsNullConverter() },
    };

    public static void Print<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Options));
}
