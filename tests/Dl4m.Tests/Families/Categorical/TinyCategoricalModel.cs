using System.Text.Json;
using Dl4m.Categorical;
using Dl4m.Data;
using Dl4m.Generation;
using Dl4m.Nn;

namespace Dl4m.Tests.Families.Categorical;

/// <summary>
/// A categorical model folder made without training: random weights (Model.Create) whose sizes match a small
/// encoding with two labels, saved beside encoding.json and a train.json that points at a two-label dataset of
/// demo tunes (jigs/, reels/). Enough to exercise every generation path; the songs are noise.
/// </summary>
public sealed class TinyCategoricalModel : IDisposable
{
    public const int Lookback = 8;
    private readonly TempFolder _folder = new();

    public TinyCategoricalModel()
    {
        string corpus = _folder.Combine("corpus");
        DemoCorpus.Write(Path.Combine(corpus, "jigs"), 6, seed: 1);
        DemoCorpus.Write(Path.Combine(corpus, "reels"), 6, seed: 2);
        Dataset = _folder.Combine("dataset");
        new DatasetBuilder(new DatasetBuildOptions { Threads = 1, Force = true }).Build(corpus, Dataset);
        Folder = WriteModel(_folder.Combine("model"), Encoding(), Dataset);
        IntervalFolder = WriteModel(_folder.Combine("interval"), Encoding() with { Notes = NoteTarget.Interval, IntervalRange = 12, NormalizeKey = true }, Dataset);
    }

    /// <summary>Pitch head, two labels (jigs, reels), 4 velocity bins, 13 Δtime classes (0…1 beat), 12 duration classes (1/12…1 beat), 12 bar positions.</summary>
    public static CategoricalEncoding Encoding(IReadOnlyList<string>? labels = null) => new()
    {
        VelocityBins = 4,
        Delta = BeatGrid.Delta.First(13),
        Duration = BeatGrid.Duration.First(12),
        BarPositions = 12,
        Labels = labels ?? ["jigs", "reels"],
    };

    /// <summary>LSTM(hidden) → Dense(logits); with lookback version 2 the Dense also gives the gates and a copy layer follows.</summary>
    public static Model NewModel(CategoricalEncoding encoding, int seed = 7, int hidden = 12) => Model.Create(new ModelConfig
    {
        InputSize = encoding.InputSize,
        Layers = encoding.HasCopyLayer
            ? [LayerConfig.Lstm(hidden, returnSequences: true), LayerConfig.Dense(encoding.OutputSize + encoding.CopyGates), Dl4m.Families.Categorical.CategoricalCopyLayer.Of(encoding)]
            : [LayerConfig.Lstm(hidden, returnSequences: true), LayerConfig.Dense(encoding.OutputSize)],
    }, seed);

    /// <summary>Writes a model folder: config.json, model.safetensors, encoding.json, train.json (dataset and look-back).</summary>
    public static string WriteModel(string folder, CategoricalEncoding encoding, string dataset, int seed = 7)
    {
        using var model = NewModel(encoding, seed);
        ModelStore.Save(model, folder);
        CategoricalEncodingJson.Save(encoding, folder);
        File.WriteAllText(Path.Combine(folder, "train.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["dataset"] = dataset,
            ["options"] = new Dictionary<string, object> { ["model"] = "categorical", ["lookback"] = Lookback },
        }));
        return folder;
    }

    public string Dataset { get; }

    /// <summary>The pitch-head model.</summary>
    public string Folder { get; }

    /// <summary>An interval-head model trained (as it claims) on key-normalised songs.</summary>
    public string IntervalFolder { get; }

    public string NewFolder(string name)
    {
        string path = _folder.Combine(name + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose() => _folder.Dispose();
}
