using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dl4m.Training;

/// <summary>
/// train.json's <c>options.stride</c>: 0 stands for "the family's default" (null in <see cref="TrainingOptions.Stride"/>),
/// so records written before the option became nullable read the same, and new ones look the same.
/// </summary>
internal sealed class StrideJsonConverter : JsonConverter<int?>
{
    public override bool HandleNull => true;

    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        int stride = reader.GetInt32();
        return stride == 0 ? null : stride;
    }

    public override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options) => writer.WriteNumberValue(value ?? 0);
}
