using System.Text.Json;
using System.Text.Json.Serialization;
using Dl4m.Families;

namespace Dl4m.Training;

/// <summary>
/// train.json's <c>options.model</c>: written as the family's name ("original", "categorical"), read by name or alias,
/// so folders written before the rename ("seed") still load.
/// </summary>
internal sealed class ModelKindJsonConverter : JsonConverter<ModelKind>
{
    public override ModelKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException($"model must be a family name (got {reader.TokenType})");
        string name = reader.GetString()!;
        return (ModelFamilies.Find(name) ?? throw new JsonException($"unknown model family '{name}' (this dl4m knows {ModelFamilies.NameList})")).Kind;
    }

    public override void Write(Utf8JsonWriter writer, ModelKind value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ModelFamilies.Of(value).Name);
}
