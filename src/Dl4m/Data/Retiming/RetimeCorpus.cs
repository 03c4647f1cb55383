using System.Text;
using System.Text.Json;
using Dl4m.IO;
using Dl4m.Midi;

namespace Dl4m.Data.Retiming;

/// <summary>
/// Re-times every MIDI file below a folder into another folder, keeping subfolders and file names (the hidden
/// `dl4m retime` command). Each file gets its own random generator, seeded from the options' seed and the file's
/// relative path, so the result does not depend on thread count or on which other files are present. Files are
/// read leniently (a salvaged file is written as salvaged); a file that is not MIDI is listed as a failure and
/// skipped. Each file is written whole or not at all (<see cref="MidiWriter.WriteFile"/>), and `retime.json`
/// in the output folder lists what was done to each.
/// </summary>
public static class RetimeCorpus
{
    /// <summary>Name of the per-file log written in the output folder.</summary>
    public const string LogName = "retime.json";

    /// <summary>Re-times the files of <paramref name="sourceFolder"/> into <paramref name="outputFolder"/>; <paramref name="onFileDone"/> gets (files done, files in all).</summary>
    /// <exception cref="Dl4mException">No source folder, no MIDI file in it, or an output folder that is not empty or lies inside the source.</exception>
    public static RetimeSummary Run(string sourceFolder, string outputFolder, RetimeOptions options, int threads, Action<int, int>? onFileDone = null)
    {
        var skipped = new List<SkippedPath>(); // dangling links, link loops, unreadable folders
        var files = MidiFileFinder.Find(sourceFolder, skipped);
        if (files.Count == 0) throw new Dl4mException($"no MIDI file in '{sourceFolder}' to re-time");
        string source = Path.GetFullPath(sourceFolder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        string output = Path.GetFullPath(outputFolder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        if (output.StartsWith(source, StringComparison.Ordinal))
            throw new Dl4mException($"output folder '{outputFolder}' is inside the source folder '{sourceFolder}'");
        if (Directory.Exists(outputFolder) && Directory.EnumerateFileSystemEntries(outputFolder).Any())
            throw new Dl4mException($"output folder '{outputFolder}' exists and is not empty");
        Directory.CreateDirectory(outputFolder);

        var choices = new RetimeChoice?[files.Count];
        var failures = new string?[files.Count];
        int done = 0;
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, i =>
        {
            var location = files[i];
            try
            {
                var midi = MidiReader.ReadFile(location.FullPath);
                var rng = new Random(FileSeed(options.Seed, location.RelativePath));
                var retimed = MidiRetimer.Apply(midi, options, rng, location.RelativePath, out var choice);
                string target = Path.Combine(outputFolder, location.RelativePath);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                MidiWriter.WriteFile(retimed, target);
                choices[i] = choice;
            }
            catch (Dl4mException e)
            {
                failures[i] = e.Message.ReplaceLineEndings(" ");
            }
            onFileDone?.Invoke(Interlocked.Increment(ref done), files.Count);
        });

        var written = choices.OfType<RetimeChoice>().ToList();
        var failed = skipped.ConvertAll(s => new FailureEntry(s.Path, s.Reason));
        for (int i = 0; i < files.Count; i++)
            if (failures[i] is { } reason) failed.Add(new FailureEntry(files[i].RelativePath, reason));
        var log = new { Source = Path.GetFullPath(sourceFolder), Options = Describe(options), Files = written, Failures = failed };
        AtomicFile.WriteAllText(Path.Combine(outputFolder, LogName), JsonSerializer.Serialize(log, LogJson), "re-timing log");
        return new RetimeSummary(written, failed);
    }

    private static readonly JsonSerializerOptions LogJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    private static object Describe(RetimeOptions o) => new
    {
        Tempo = o.Tempo switch
        {
            RetimeTempo.Constant => FormattableString.Invariant($"constant:{o.MinBpm}-{o.MaxBpm}"),
            RetimeTempo.Rubato => "rubato",
            _ => "keep",
        },
        Ppq = o.Ppq.Count == 0 ? "keep" : string.Join(",", o.Ppq),
        Transpose = o.TransposeRange > 0 ? $"random:{o.TransposeRange}" : o.Transpose.ToString(System.Globalization.CultureInfo.InvariantCulture),
        o.Seed,
    };

    /// <summary>A file's seed: FNV-1a of its relative path mixed with the run's seed (string hashes are randomised per process).</summary>
    public static int FileSeed(int seed, string relativePath)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(relativePath))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        hash ^= (ulong)(uint)seed * 0x9E3779B97F4A7C15UL;
        return (int)(hash ^ (hash >> 32)) & int.MaxValue;
    }
}
