using System.Text.Json;

namespace Dl4m.IO;

/// <summary>
/// Typed reads of one property of a parsed JSON object, for the hand-written readers of the small files a model
/// folder loads (config.json, encoding.json). They replace System.Text.Json's reflection serialiser there because its
/// first use costs ~100 ms in a fresh process (the built-in model must be ready in under 100 ms), while a
/// <see cref="JsonDocument"/> is parsed anyway for train.json and the weights' header. Each read accepts what the
/// serialiser accepted (numbers as numbers, enums as snake_case strings) and throws a <see cref="JsonException"/>
/// naming the property otherwise, which the callers turn into their one-line "not a valid …" errors.
/// </summary>
internal static class JsonFields
{
    /// <summary>Throws unless <paramref name="element"/> is an object; <paramref name="what"/> names it ("the encoding").</summary>
    public static void RequireObject(JsonElement element, string what)
    {
        if (element.ValueKind == JsonValueKind.Object) return;
        throw new JsonException(element.ValueKind == JsonValueKind.Null ? "null" : $"{what} must be a JSON object (got {Shown(element)})");
    }

    /// <summary>A 32-bit integer (12.0 and "12" are refused, as the serialiser refused them).</summary>
    public static int Int(JsonProperty property) =>
        property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out int value) ? value : throw Expected(property, "an integer");

    /// <summary>A number.</summary>
    public static double Double(JsonProperty property) =>
        property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetDouble(out double value) ? value : throw Expected(property, "a number");

    /// <summary>true or false.</summary>
    public static bool Bool(JsonProperty property) => property.Value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Expected(property, "true or false"),
    };

    /// <summary>A string (null is refused: every string of these files has a value).</summary>
    public static string String(JsonProperty property) =>
        property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : throw Expected(property, "a string");

    /// <summary>An enum value written as its snake_case name ("classes", "return_sequences"), any letter case; numbers are refused.</summary>
    public static T Enum<T>(JsonProperty property) where T : struct, Enum
    {
        if (property.Value.ValueKind == JsonValueKind.String)
        {
            string text = property.Value.GetString()!;
            foreach (var value in System.Enum.GetValues<T>())
                if (string.Equals(JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()), text, StringComparison.OrdinalIgnoreCase))
                    return value;
        }
        var names = System.Enum.GetValues<T>().Select(v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));
        throw Expected(property, $"one of {string.Join(", ", names)}");
    }

    /// <summary>An array of 32-bit integers.</summary>
    public static int[] IntArray(JsonProperty property)
    {
        if (property.Value.ValueKind != JsonValueKind.Array) throw Expected(property, "an array of integers");
        var values = new int[property.Value.GetArrayLength()];
        for (int i = 0; i < values.Length; i++)
        {
            var item = property.Value[i];
            values[i] = item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out int value)
                ? value
                : throw new JsonException($"\"{property.Name}\"[{i}]: expected an integer (got {Shown(item)})");
        }
        return values;
    }

    /// <summary>An array of strings.</summary>
    public static string[] StringArray(JsonProperty property)
    {
        if (property.Value.ValueKind != JsonValueKind.Array) throw Expected(property, "an array of strings");
        var values = new string[property.Value.GetArrayLength()];
        for (int i = 0; i < values.Length; i++)
        {
            var item = property.Value[i];
            values[i] = item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw new JsonException($"\"{property.Name}\"[{i}]: expected a string (got {Shown(item)})");
        }
        return values;
    }

    /// <summary>The error for a property of the wrong kind.</summary>
    public static JsonException Expected(JsonProperty property, string what) =>
        new($"\"{property.Name}\": expected {what} (got {Shown(property.Value)})");

    /// <summary>The error for a required property that is absent.</summary>
    public static JsonException Missing(string name, string where) => new($"{where} has no \"{name}\"");

    /// <summary>The value as written, cut to 40 characters so an error stays one line.</summary>
    private static string Shown(JsonElement element)
    {
        string raw = element.GetRawText().ReplaceLineEndings(" ");
        return raw.Length <= 40 ? raw : raw[..37] + "...";
    }
}
