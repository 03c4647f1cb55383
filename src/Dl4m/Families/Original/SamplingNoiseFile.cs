using System.Text.Json;
using Dl4m.Generation;
using Dl4m.IO;
using Dl4m.Training;

namespace Dl4m.Families.Original;

/// <summary>
/// sampling.json of an original model folder: the <see cref="ResidualNoise"/> sample mode adds to velocity and Δtime,
/// measured on the validation split with the best weights when they are written, so generation does not need the
/// dataset folder any more. Folders written before it existed fall back to the dataset (or a fixed default).
/// </summary>
internal static class SamplingNoiseFile
{
    /// <summary>File name inside the model folder.</summary>
    public const string FileName = "sampling.json";

    /// <summary>Writes <paramref name="noise"/> into <paramref name="folder"/> atomically.</summary>
    public static void Save(string folder, ResidualNoise noise) =>
        AtomicFile.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(noise, TrainingJson.Options) + "\n");

    /// <summary>The folder's noise, or null when it has no sampling.json (trained by an older dl4m).</summary>
    /// <exception cref="Dl4mException">The file exists but is not valid (named).</exception>
    public static ResidualNoise? TryLoad(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        var noise = TrainingJson.Read<ResidualNoise>(path, "sampling noise");
        if (!(double.IsFinite(noise.Velocity) && noise.Velocity >= 0 && double.IsFinite(noise.DeltaSeconds) && noise.DeltaSeconds >= 0))
            throw new Dl4mException($"sampling noise '{path}' is not valid: velocity and delta_seconds must be finite and not negative");
        return noise;
    }
}
