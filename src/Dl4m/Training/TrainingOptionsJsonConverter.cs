using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Dl4m.Families;

namespace Dl4m.Training;

/// <summary>
/// train.json's <c>options</c>: the common options as properties, <c>model</c> naming the family, and the family's own
/// record as the object <c>family</c> (its type is the family's, <see cref="IModelFamily.Defaults"/>). Records written
/// before the family records existed hold every option flat in <c>options</c>: without a <c>family</c> object the family's
/// record is read from <c>options</c> itself (its names are the same), so those folders resume, generate and describe as
/// before. Registered in <see cref="TrainingJson.Options"/> (not as an attribute: the common part is written by the
/// serialiser without this converter).
/// </summary>
internal sealed class TrainingOptionsJsonConverter : JsonConverter<TrainingOptions>
{
    /// <summary>The name of the family record in <c>options</c>.</summary>
    public const string FamilyProperty = "family";

    // The same settings without this converter, for the common properties (one per settings object: the serialiser
    // caches its type metadata per settings object, so one is made once).
    private static readonly ConditionalWeakTable<JsonSerializerOptions, JsonSerializerOptions> Plain = new();

    public override TrainingOptions Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (JsonNode.Parse(ref reader) is not JsonObject node) throw new JsonException("options must be a JSON object");
        var common = node.Deserialize<TrainingOptions>(PlainOf(options)) ?? throw new JsonException("options must be a JSON object");
        var family = FamilyOf(node);
        var own = node[FamilyProperty] switch
        {
            JsonObject record => record,
            null => node, // a record written before the family records: every option flat
            var other => throw new JsonException($"options.{FamilyProperty} must be a JSON object (got {other.GetValueKind()})"),
        };
        var familyOptions = (FamilyOptions?)own.Deserialize(family.Defaults.Family.GetType(), options)
            ?? throw new JsonException($"options.{FamilyProperty} must be a JSON object (got null)");
        return common with { Family = familyOptions };
    }

    public override void Write(Utf8JsonWriter writer, TrainingOptions value, JsonSerializerOptions options)
    {
        var node = JsonSerializer.SerializeToNode(value, PlainOf(options))!.AsObject();
        node[FamilyProperty] = JsonSerializer.SerializeToNode(value.Family, value.Family.GetType(), options);
        node.WriteTo(writer, options);
    }

    // options.model names the family (any alias); a record without it is the original's, as before.
    private static IModelFamily FamilyOf(JsonObject node)
    {
        if (node["model"] is not { } model) return ModelFamilies.Of(ModelKind.Original);
        if (model.GetValueKind() != JsonValueKind.String) throw new JsonException($"model must be a family name (got {model.GetValueKind()})");
        string name = model.GetValue<string>();
        return ModelFamilies.Find(name) ?? throw new JsonException($"unknown model family '{name}' (this dl4m knows {ModelFamilies.NameList})");
    }

    private static JsonSerializerOptions PlainOf(JsonSerializerOptions options) => Plain.GetValue(options, o =>
    {
        var plain = new JsonSerializerOptions(o);
        foreach (var converter in plain.Converters.OfType<TrainingOptionsJsonConverter>().ToList()) plain.Converters.Remove(converter);
        return plain;
    });
}
