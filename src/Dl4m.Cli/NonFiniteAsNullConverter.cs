using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dl4m.Cli;

/// <summary>
/// Writes NaN and ±Infinity as JSON null in what commands print with --json ("not measured" or "n/a"),
/// so every consumer can parse the output; finite values are written as usual.
/// </summary>
internal sealed class NonFiniteAsNullConverter : JsonConverter<double>
{
    public override bool HandleNull => true;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }
}
