using System.Runtime.ExceptionServices;
using Dl4m.Data;
using Dl4m.Families;
using Dl4m.IO;
using Dl4m.Training;

namespace Dl4m.Generation;

/// <summary>
/// Runs a <see cref="GenerationRequest"/>: loads the model (its family's generator: <see cref="ModelFamilies.OfFolder"/>), picks the primers, generates the songs in parallel and writes each as MIDI (atomically),
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

    /// <summary>The family of the model in <paramref name="modelFolder"/> (<see cref="ModelFamilies.OfFolder"/>: train.json's, else by its files).</summary>
    /// <exception cref="Dl4mException">train.json names a family this dl4m does not know.</exception>
    public static ModelKind FamilyOf(string modelFolder) => ModelFamilies.OfFolder(modelFolder).Kind;

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
        if (request.Count is < 1 or > 1000) throw new Dl4mException($"GenerationRequest.Count {request.Count}: must be between 1 and 1000", "GenerationRequest.Count");
        if (request.PrimerFile is not null && request.Song is not null) throw new Dl4mException("GenerationRequest.PrimerFile and GenerationRequest.Song cannot be combined", "GenerationRequest.Song");
        _ = SongMidi.Create([], request.Bpm ?? SongMidi.DefaultBpm, request.Program); // validates --bpm and --program before any work
        string folder = Path.GetDirectoryName(Path.GetFullPath(request.Output))!;
        // One rule for every command: a missing parent folder of the output is created (prepare and train do the same).
        if (File.Exists(folder)) throw new Dl4mException($"GenerationRequest.Output '{request.Output}': '{folder}' is a file, not a folder", "GenerationRequest.Output");
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Dl4mException($"GenerationRequest.Output '{request.Output}': cannot create folder '{folder}': {e.Message}", "GenerationRequest.Output", e);
        }
        if (request.DataFolder is not null && !Directory.Exists(request.DataFolder)) throw new Dl4mException($"GenerationRequest.DataFolder '{request.DataFolder}' does not exist", "GenerationRequest.DataFolder");
        bool wav = request.Wav && FluidSynthRenderer.IsAvailable;
        if (request.Wav && !wav) notice?.Invoke(FluidSynthRenderer.InstallHint);
        var paths = Enumerable.Range(1, request.Count).Select(i => PathsOf(request.Output, i, request.Count)).ToArray();
        if (!request.Force)
            foreach (var (midi, png, wavPath) in paths)
                foreach (string? p in new[] { midi, request.Png ? png : null, wav ? wavPath : null })
                    if (p is not null) OutputFile.CheckNew(p, force: false);

        var output = new SongOutput(request, paths, wav);
        // the built-in model is categorical and loads straight from the bytes embedded in the library (no folder)
        var family = builtIn ? ModelFamilies.Of(ModelKind.Categorical) : ModelFamilies.OfFolder(request.ModelFolder!);
        return family.Generate(request, output, notice, builtIn);
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
        if (dataset is null) throw new Dl4mException("GenerationOptions.Duration corpus needs the dataset: give GenerationRequest.DataFolder", "GenerationOptions.Duration");
        return options with { Duration = rule with { Seconds = CorpusDuration.Median(dataset) } };
    }
}
