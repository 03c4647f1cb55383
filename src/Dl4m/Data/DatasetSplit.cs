using System.Text.Json.Serialization;

namespace Dl4m.Data;

/// <summary>Which part of the dataset a song belongs to.</summary>
public enum DatasetSplit
{
    /// <summary>Used to fit the model (and the normalisation statistics).</summary>
    [JsonStringEnumMemberName("train")]
    Train,
    /// <summary>Held out to choose hyper-parameters and stop training.</summary>
    [JsonStringEnumMemberName("validation")]
    Validation,
    /// <summary>Held out for the final evaluation.</summary>
    [JsonStringEnumMemberName("test")]
    Test,
}
