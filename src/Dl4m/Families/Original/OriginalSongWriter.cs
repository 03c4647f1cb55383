using Dl4m.Categorical;
using Dl4m.Data;
using Dl4m.Generation;

namespace Dl4m.Families.Original;

/// <summary>The original family's branch of <see cref="SongWriter.Run"/>: primers from the dataset or a MIDI file, residual noise, generation.</summary>
internal static class OriginalSongWriter
{
    /// <param name="request">The request, with its model folder resolved.</param>
    /// <param name="output">Writes each song's files.</param>
    /// <param name="notice">Gets one-line notices (the fallback noise of an older folder without its dataset).</param>
    public static GeneratedFile[] Run(GenerationRequest request, SongOutput output, Action<string>? notice)
    {
        if (request.Label is not null) throw new Dl4mException($"GenerationRequest.Label {request.Label}: labels apply to categorical models only (this model folder has no {CategoricalEncodingJson.FileName})");
        using var first = OriginalGenerator.Load(request.ModelFolder!, out var record);
        string? dataFolder = request.DataFolder ?? (Directory.Exists(record.Dataset) ? record.Dataset : null);
        using var dataset = dataFolder is null ? null : Dataset.Open(dataFolder);
        if (dataset is null && request.PrimerFile is null)
            throw new Dl4mException($"no primer: the dataset '{record.Dataset}' of train.json is gone; give GenerationRequest.DataFolder or GenerationRequest.PrimerFile");
        var options = SongWriter.ResolveCorpusDuration(request.Options, dataset);
        var noise = NoiseOf(request.ModelFolder!, first, record.Normalization, dataset, notice);
        bool includeDrums = dataset?.Manifest.Options.Drums == "include";

        var primers = new (EventRecord[] Events, string Source)[request.Count];
        for (int k = 0; k < request.Count; k++)
        {
            int seed = unchecked(options.Seed + k);
            if (request.PrimerFile is not null)
                primers[k] = (Primer.FromMidiFile(request.PrimerFile, first.Lookback, includeDrums), Path.GetFullPath(request.PrimerFile));
            else
            {
                int song = request.Song ?? Primer.RandomValidationSong(dataset!, new Random(seed));
                primers[k] = (Primer.FromDataset(dataset!, song, first.Lookback), $"dataset song {song}: {dataset!.Songs[song].Path}");
            }
        }

        var results = new GeneratedFile[request.Count];
        double temperature = options.TemperatureFor(categorical: false);
        SongWriter.InParallel(() => Parallel.For(0, request.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, () => (OriginalGenerator?)null, (k, loop, local) =>
        {
            var generator = k == 0 ? first : local ?? OriginalGenerator.Load(request.ModelFolder!, out _);
            generator.Noise = noise;
            int seed = unchecked(options.Seed + k);
            var song = generator.Generate(primers[k].Events, options with { Seed = seed });
            results[k] = output.Write(k, song, seed, primers[k].Source) with { Temperature = temperature };
            return k == 0 ? local : generator;
        }, local => local?.Dispose()));
        return results;
    }

    /// <summary>
    /// The noise sample mode adds: the folder's sampling.json (written at training time); for a folder trained before it
    /// existed, measured on the dataset when it is at hand, else <see cref="ResidualNoise.Fallback"/> with a notice.
    /// </summary>
    private static ResidualNoise NoiseOf(string modelFolder, OriginalGenerator generator, Training.FeatureScaling scaling, Dataset? dataset, Action<string>? notice)
    {
        if (SamplingNoiseFile.TryLoad(modelFolder) is { } stored) return stored;
        if (dataset is not null) return ResidualNoise.Estimate(generator.Model, scaling, dataset, generator.Lookback);
        var fallback = ResidualNoise.Fallback(scaling);
        notice?.Invoke($"'{modelFolder}' has no {SamplingNoiseFile.FileName} (trained by an older dl4m) and its dataset is gone: " +
            "sample mode adds a quarter of each feature's training spread as noise (give GenerationRequest.DataFolder to measure the model's own)");
        return fallback;
    }
}
