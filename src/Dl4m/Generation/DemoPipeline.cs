using System.Diagnostics;
using Dl4m.Data;
using Dl4m.Training;

namespace Dl4m.Generation;

/// <summary>prepare → train → generate in one call, on the built-in corpus or a real folder (what <c>dl4m demo</c> runs).</summary>
public static class DemoPipeline
{
    /// <summary>Runs the pipeline; <paramref name="log"/> gets one line per stage.</summary>
    /// <exception cref="Dl4mException">Output folder not empty without force, unreadable corpus, too little data.</exception>
    public static DemoResult Run(DemoOptions options, Action<string>? log = null)
    {
        var clock = Stopwatch.StartNew();
        string output = Path.GetFullPath(options.Output);
        if (File.Exists(output)) throw new Dl4mException($"--out '{options.Output}' is a file, not a folder");
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any() && !options.Force)
            throw new Dl4mException($"--out '{options.Output}' exists and is not empty: use --force to replace its contents");
        Directory.CreateDirectory(output);

        string corpus;
        if (options.Corpus is null)
        {
            corpus = Path.Combine(output, "corpus");
            if (Directory.Exists(corpus)) Directory.Delete(corpus, recursive: true);
            DemoCorpus.Write(corpus, options.Songs, options.Seed);
            log?.Invoke($"corpus: {options.Songs} tunes written to {corpus}");
        }
        else
        {
            corpus = Path.GetFullPath(options.Corpus);
            if (!Directory.Exists(corpus)) throw new Dl4mException($"--corpus '{options.Corpus}' does not exist");
        }

        string dataset = Path.Combine(output, "dataset");
        var manifest = new DatasetBuilder(new DatasetBuildOptions { Threads = options.Threads, Force = true }).Build(corpus, dataset);
        log?.Invoke($"dataset: {manifest.Counts.Parsed} files, {manifest.Counts.Events:N0} events in {dataset}");

        string model = Path.Combine(output, "model");
        var training = new TrainingOptions
        {
            Hidden = [options.Hidden],
            Dense = [16],
            Epochs = options.Epochs,
            MaxWindows = options.MaxWindows,
            Seed = options.Seed,
            Threads = options.Threads,
            Loss = options.Loss,
            WarmupEpochs = Math.Min(1, options.Epochs - 1),
        };
        TrainingResult result;
        using (var trainer = Trainer.Open(dataset, model, training, OutputPolicy.Force))
            result = trainer.Run();
        double loss = result.Best?.Validation.Total ?? double.NaN;
        log?.Invoke($"model: {options.Epochs} epochs, {(options.Loss == LossKind.Mse ? "mse" : "note")} loss, validation loss {loss:0.0000}, in {model}");

        var files = SongWriter.Run(new GenerationRequest
        {
            ModelFolder = model,
            DataFolder = dataset,
            Output = Path.Combine(output, "song.mid"),
            Options = new GenerationOptions { Notes = options.Notes, Seed = options.Seed },
            Png = true,
            Wav = options.Wav && FluidSynthRenderer.IsAvailable,
            Force = true,
        });
        if (options.Wav && !FluidSynthRenderer.IsAvailable) log?.Invoke(FluidSynthRenderer.InstallHint);
        return new DemoResult(corpus, dataset, model, files[0], loss, clock.Elapsed.TotalSeconds);
    }
}
