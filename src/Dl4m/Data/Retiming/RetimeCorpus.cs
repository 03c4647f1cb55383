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
/// skipped. The output folder is built as a staging folder beside it and renamed into place when complete
/// (<see cref="StagingFolder"/>, under the folder's <see cref="OutputLock"/>), and `retime.json` in it lists what
/// was done to each file.
/// </summary>
public static class RetimeCorpus
{
    /// <summary>Name of the per-file log written in the output folder.</summary>
    public const string LogName = "retime.json";

    /// <summary>Re-times the files of <paramref name="sourceFolder"/> into <paramref name="outputFolder"/>; <paramref name="onFileDone"/> gets (files done, files in all).</summary>
    /// <param name="sourceFolder">Folder of MIDI files, read recursively.</param>
    /// <param name="outputFolder">Folder to write (subfolders kept).</param>
    /// <param name="options">What to change.</param>
    /// <param name="threads">Worker threads.</param>
    /// <param name="force">True: replace an output folder that exists and is not empty.</param>
    /// <param name="onFileDone">Progress: (files done, files in all).</param>
    /// <exception cref="Dl4mException">No source folder, no MIDI file in it, or an output folder that is not empty (without <paramref name="force"/>) or lies inside the source.</exception>
    public static RetimeSummary Run(string sourceFolder, string outputFolder, RetimeOptions options, int threads, bool force = false, Action<int, int>? onFileDone = null)
    {
        var skipped = new List<SkippedPath>(); // dangling links, link loops, unreadable folders
        var files = MidiFileFinder.Find(sourceFolder, skipped);
        if (files.Count == 0) throw new Dl4mException($"no MIDI file in '{sourceFolder}' to re-time");
        string source = Path.GetFullPath(sourceFolder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        string output = Path.GetFullPath(outputFolder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        if (output.StartsWith(source, StringComparison.Ordinal))
            throw new Dl4mException($"output folder '{outputFolder}' is inside the source folder '{sourceFolder}'");
        using var outputLock = OutputLock.Acquire(outputFolder);
        using var staging = StagingFolder.Create(outputFolder, force);

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
                string target = Path.Combine(staging.Path, location.RelativePath);
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
        AtomicFile.WriteAllText(Path.Combine(staging.Path, LogName), JsonSerializer.Serialize(log, LogJson), "re-timing log");
        staging.Commit();
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
