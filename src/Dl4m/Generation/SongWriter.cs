using System.Runtime.ExceptionServices;
using Dl4m.Categorical;
using Dl4m.Data;
using Dl4m.Generation.Categorical;
using Dl4m.Training;

namespace Dl4m.Generation;

/// <summary>
/// Runs a <see cref="GenerationRequest"/>: loads the model (the family train.json records, see <see cref="IsCategorical"/>), picks the primers, generates the songs in parallel and writes each as MIDI (atomically),
/// with a piano roll and audio on request.
/// </summary>
public static class SongWriter
{
    /// <summary>Output paths of song <paramref name="index"/> (1-based) of <paramref name="count"/>: MIDI, PNG, WAV.</summary>
    public static (string Midi, string Png, string Wav) PathsOf(string output, int index, int count)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(output))!;
        string stem = Path.GetFileNameWithoutExtension(output);
        if (count > 1) stem += $"-{index}";
        string extension = Path.GetExtension(output) is { Length: > 0 } given ? given : ".mid";
        string midi = Path.Combine(folder, stem + extension);
        return (midi, Path.Combine(folder, stem + ".png"), Path.Combine(folder, stem + ".wav"));
    }

    /// <summary>
    /// True when <paramref name="modelFolder"/> holds a categorical model: the family train.json records, or, in a folder
    /// without train.json (config and weights only), whether it has encoding.json. Reading the record first means a
    /// categorical folder that lost its encoding.json is told so by name instead of being run as a seed model.
    /// </summary>
    public static bool IsCategorical(string modelFolder) =>
        RecordedFamily(modelFolder) is { } family
            ? family == "categorical"
            : File.Exists(Path.Combine(modelFolder, CategoricalEncodingJson.FileName));

    /// <summary>train.json's options.model ("seed", "categorical"), or null when there is no readable one.</summary>
    private static string? RecordedFamily(string modelFolder)
    {
        string path = Path.Combine(modelFolder, Trainer.RecordFileName);
        if (!File.Exists(path)) return null;
        try
        {
            using var record = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(path));
            return record.RootElement.TryGetProperty("options", out var options) && options.ValueKind == System.Text.Json.JsonValueKind.Object
                && options.TryGetProperty("model", out var model) && model.ValueKind == System.Text.Json.JsonValueKind.String
                ? model.GetString()?.ToLowerInvariant()
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return null; // the loader that runs next names the damaged file
        }
    }

    /// <summary>
    /// Generates and writes the songs; <paramref name="notice"/> gets one-line notices (e.g. FluidSynth missing). Without a
    /// <see cref="GenerationRequest.ModelFolder"/> the <see cref="BuiltInModel"/> writes them, primed by
    /// <see cref="GenerationRequest.PrimerFile"/>, a song of <see cref="GenerationRequest.DataFolder"/>, or else one of its built-in tunes.
    /// </summary>
    /// <exception cref="Dl4mException">Bad model folder, primer, options, or an output that exists without <see cref="GenerationRequest.Force"/>.</exception>
    public static IReadOnlyList<GeneratedFile> Run(GenerationRequest request, Action<string>? notice = null)
    {
        bool builtIn = request.ModelFolder is null;
        request.Options.Validate();
        if (request.Count is < 1 or > 1000) throw new Dl4mException($"--count {request.Count}: must be between 1 and 1000");
        if (request.PrimerFile is not null && request.Song is not null) throw new Dl4mException("--primer and --song cannot be combined");
        _ = SongMidi.Create([], request.Bpm ?? SongMidi.DefaultBpm, request.Program); // validates --bpm and --program before any work
        string folder = Path.GetDirectoryName(Path.GetFullPath(request.Output))!;
        // One rule for every command: a missing parent folder of the output is created (prepare and train do the same).
        if (File.Exists(folder)) throw new Dl4mException($"--out '{request.Output}': '{folder}' is a file, not a folder");
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Dl4mException($"--out '{request.Output}': cannot create folder '{folder}': {e.Message}", e);
        }
        if (request.DataFolder is not null && !Directory.Exists(request.DataFolder)) throw new Dl4mException($"--data '{request.DataFolder}' does not exist");
        bool wav = request.Wav && FluidSynthRenderer.IsAvailable;
        if (request.Wav && !wav) notice?.Invoke(FluidSynthRenderer.InstallHint);
        var paths = Enumerable.Range(1, request.Count).Select(i => PathsOf(request.Output, i, request.Count)).ToArray();
        if (!request.Force)
            foreach (var (midi, png, wavPath) in paths)
                foreach (string? p in new[] { midi, request.Png ? png : null, wav ? wavPath : null })
                    if (p is not null && File.Exists(p)) throw new Dl4mException($"'{p}' exists: use --force to overwrite it");

        var output = new SongOutput(request, paths, wav);
        // the built-in model is categorical and loads straight from the bytes embedded in the library (no folder)
        return builtIn || IsCategorical(request.ModelFolder!) ? CategoricalSongWriter.Run(request, output, notice, builtIn) : RunSeed(request, output);
    }

    private static GeneratedFile[] RunSeed(GenerationRequest request, SongOutput output)
    {
        if (request.Label is not null) throw new Dl4mException($"--label {request.Label}: labels apply to categorical models only (this model folder has no {CategoricalEncodingJson.FileName})");
        using var first = SongGenerator.Load(request.ModelFolder!, out var record);
        string? dataFolder = request.DataFolder ?? (Directory.Exists(record.Dataset) ? record.Dataset : null);
        using var dataset = dataFolder is null ? null : Dataset.Open(dataFolder);
        if (dataset is null && request.PrimerFile is null)
            throw new Dl4mException($"no primer: the dataset '{record.Dataset}' of train.json is gone; give --data <data-dir> or --primer file.mid");
        var options = ResolveCorpusDuration(request.Options, dataset);
        var noise = dataset is null ? ResidualNoise.Fallback(record.Normalization) : ResidualNoise.Estimate(first.Model, record.Normalization, dataset, first.Lookback);
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
        InParallel(() => Parallel.For(0, request.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, () => (SongGenerator?)null, (k, loop, local) =>
        {
            var generator = k == 0 ? first : local ?? SongGenerator.Load(request.ModelFolder!, out _);
            generator.Noise = noise;
            int seed = unchecked(options.Seed + k);
            var song = generator.Generate(primers[k].Events, options with { Seed = seed });
            results[k] = output.Write(k, song, seed, primers[k].Source) with { Temperature = temperature };
            return k == 0 ? local : generator;
        }, local => local?.Dispose()));
        return results;
    }

    /// <summary>
    /// Runs a parallel loop; an intended error inside it comes out as itself (one line), not wrapped in an
    /// AggregateException, and so does a cancellation (<see cref="GenerationOptions.Cancellation"/>).
    /// </summary>
    internal static void InParallel(Func<ParallelLoopResult> loop)
    {
        try
        {
            loop();
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<Dl4mException>().FirstOrDefault() is { } error)
        {
            ExceptionDispatchInfo.Throw(error);
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<OperationCanceledException>().FirstOrDefault() is { } cancelled)
        {
            ExceptionDispatchInfo.Throw(cancelled);
        }
    }

    /// <summary><paramref name="options"/> with a <c>--duration corpus</c> length resolved from the dataset.</summary>
    internal static GenerationOptions ResolveCorpusDuration(GenerationOptions options, Dataset? dataset)
    {
        if (options.Duration is not { Kind: DurationKind.Corpus } rule) return options;
        if (dataset is null) throw new Dl4mException("--duration corpus needs the dataset: give --data <data-dir>");
        return options with { Duration = rule with { Seconds = CorpusDuration.Median(dataset) } };
    }
}
