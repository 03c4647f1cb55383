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

    /// <summary>Writes <paramref name="value"/> as one line of JSON to <paramref name="output"/> (the invocation's standard output).</summary>
    public static void Print<T>(TextWriter output, T value) => output.WriteLine(JsonSerializer.Serialize(value, Options));
}
