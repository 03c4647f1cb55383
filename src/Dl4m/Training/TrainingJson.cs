using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dl4m.Training;

/// <summary>JSON settings of the model folder's train.json and the checkpoint state: snake_case, enums as strings, NaN allowed.</summary>
internal static class TrainingJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false), new TrainingOptionsJsonConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
    };

    public static readonly JsonSerializerOptions Compact = new(Options) { WriteIndented = false };

    public static T Read<T>(string path, string what)
    {
        if (!File.Exists(path)) throw new Dl4mException($"{what} '{path}' does not exist");
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options) ?? throw new Dl4mException($"{what} '{path}' is empty (null)");
        }
        catch (JsonException e)
        {
            throw new Dl4mException($"{what} '{path}' is not valid: {e.Message}", e);
        }
    }
}
