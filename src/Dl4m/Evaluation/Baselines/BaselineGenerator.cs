using System.Globalization;
using Dl4m.Data;
using Dl4m.IO;
using Dl4m.Midi;

namespace Dl4m.Evaluation.Baselines;

/// <summary>Learns a baseline from a dataset's train split and writes its songs as MIDI files, atomically, into a folder.</summary>
public static class BaselineGenerator
{
    /// <summary>The baseline of <paramref name="kind"/> learned from <paramref name="training"/>.</summary>
    public static IBaseline Create(BaselineKind kind, TrainingSongs training, int order) => kind switch
    {
        BaselineKind.Random => new RandomBaseline(training),
        BaselineKind.Markov => new MarkovBaseline(training, order),
        BaselineKind.Copy => new CopyBaseline(training),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown baseline"),
    };

    /// <summary>
    /// Writes <see cref="BaselineOptions.Count"/> songs named <c>&lt;kind&gt;-0001.mid</c> … into <paramref name="outputFolder"/>
    /// (built in a sibling staging folder and renamed into place when complete) and returns their paths.
    /// </summary>
    /// <exception cref="Dl4mException">Bad options, a folder that is not a dataset, or an output folder that is not empty (without force) or not writable.</exception>
    public static List<string> Write(string datasetFolder, string outputFolder, BaselineOptions options)
    {
        if (options.Count < 1) throw new Dl4mException($"BaselineOptions.Count must be at least 1, not {options.Count}", "BaselineOptions.Count");
        if (options.Notes < 1) throw new Dl4mException($"BaselineOptions.Notes must be at least 1, not {options.Notes}", "BaselineOptions.Notes");
        if (options.Kind == BaselineKind.Markov && options.Order is < 1 or > MarkovBaseline.MaxOrder)
            throw new Dl4mException($"BaselineOptions.Order must be 1 to {MarkovBaseline.MaxOrder}, not {options.Order}", "BaselineOptions.Order");
        var baseline = Create(options.Kind, TrainingSongs.Load(datasetFolder), options.Order);
        var random = new Random(options.Seed);
        using var outputLock = OutputLock.Acquire(outputFolder); // a second baseline into the same folder stops here
        using var staging = StagingFolder.Create(outputFolder, options.Force);
        var names = new List<string>(options.Count);
        string prefix = options.Kind.ToString().ToLowerInvariant();
        for (int i = 1; i <= options.Count; i++)
        {
            string name = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i:D4}.mid");
            File.WriteAllBytes(Path.Combine(staging.Path, name), MidiWriter.Write(BaselineSongWriter.ToMidi(baseline.Generate(random, options.Notes))));
            names.Add(name);
        }
        staging.Commit();
        string final = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputFolder));
        return names.Select(n => Path.Combine(final, n)).ToList();
    }
}
