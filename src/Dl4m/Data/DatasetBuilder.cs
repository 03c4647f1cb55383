using Dl4m.IO;
using Dl4m.Midi;

namespace Dl4m.Data;

/// <summary>
/// Builds a dataset folder from a folder of MIDI files (what <c>dl4m prepare</c> runs).
/// <para>
/// Pipeline: the file list is sorted by path; worker threads take the next index, read, hash, parse and
/// extract that file; one writer (the calling thread) consumes the results strictly in path order, so
/// the output is identical whatever the thread count. At most a fixed window of results waits between
/// workers and writer, so memory stays bounded whatever the corpus size.
/// </para>
/// </summary>
public sealed class DatasetBuilder
{
    private readonly DatasetBuildOptions _options;
    private readonly MidiParser _parser;

    /// <summary>Creates a builder that reads files with dl4m's lenient <see cref="MidiReader"/> (damage is salvaged and counted).</summary>
    public DatasetBuilder(DatasetBuildOptions options)
        : this(options, static bytes => MidiReader.Read(bytes, MidiReadSettings.Lenient))
    {
    }

    /// <summary>Creates a builder that reads files with <paramref name="parser"/>.</summary>
    public DatasetBuilder(DatasetBuildOptions options, MidiParser parser)
    {
        if (options.Threads < 1)
            throw new Dl4mException($"DatasetBuildOptions.Threads must be at least 1, got {options.Threads}", "DatasetBuildOptions.Threads");
        _options = options;
        _parser = parser;
    }

    /// <summary>Counters of the running build, for a progress display.</summary>
    public DatasetBuildProgress Progress { get; } = new();

    /// <summary>Reads every MIDI file below <paramref name="inputFolder"/> and writes the dataset to <paramref name="outputFolder"/>.</summary>
    /// <exception cref="Dl4mException">Missing or empty input folder, no readable file, output not writable or not empty without force.</exception>
    public DatasetManifest Build(string inputFolder, string outputFolder, CancellationToken cancel = default)
    {
        RefuseOutputHoldingInput(inputFolder, outputFolder);
        var skipped = new List<SkippedPath>();
        var files = MidiFileFinder.Find(inputFolder, skipped);
        if (files.Count == 0)
            throw new Dl4mException($"no MIDI files ({string.Join(' ', MidiFileFinder.Extensions)}) found in '{inputFolder}'");
        Progress.SetTotal(files.Count);

        using var outputLock = OutputLock.Acquire(outputFolder); // a second prepare to the same folder stops here
        using var staging = StagingFolder.Create(outputFolder, _options.Force);
        DatasetManifest manifest;
        using (var writer = new DatasetWriter(staging.Path, Path.GetFullPath(inputFolder), _options))
        {
            foreach (var entry in skipped) writer.AddSkipped(new FailureEntry(entry.Path, entry.Reason));
            RunPipeline(files, writer, cancel);
            if (writer.Total.Parsed == 0)
                throw new Dl4mException($"none of the {files.Count} MIDI files in '{inputFolder}' could be read");
            manifest = writer.Finish();
        }
        staging.Commit();
        return manifest;
    }

    /// <summary>Replacing the output folder must never delete the corpus: refuse an output that is, or holds, the input.</summary>
    private static void RefuseOutputHoldingInput(string inputFolder, string outputFolder)
    {
        string input = Path.TrimEndingDirectorySeparator(Path.GetFullPath(inputFolder)) + Path.DirectorySeparatorChar;
        string output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputFolder)) + Path.DirectorySeparatorChar;
        if (input.StartsWith(output, StringComparison.Ordinal))
            throw new Dl4mException($"output folder '{outputFolder}' is or contains the input folder '{inputFolder}'; choose another output folder");
    }

    private void RunPipeline(List<MidiFileLocation> files, DatasetWriter writer, CancellationToken cancel)
    {
        int threads = Math.Min(_options.Threads, files.Count);
        // Results waiting for the writer: enough to keep every worker busy while the writer catches up.
        // Memory is then bounded by (threads + window) files in flight, each at most MaxFileBytes and
        // the reader's event limit, whatever the corpus size.
        int window = threads * 8;
        // The writer hands permits back in batches: workers then run several files per wake-up instead
        // of trading one system call per file with the writer. (batch ≤ window, so no deadlock)
        int batch = threads * 4;
        int unreleased = 0;
        int lead = threads * 2;
        var slots = new FileResult?[window];
        using var permits = new SemaphoreSlim(window, window);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        int next = -1;
        int writerWaitsFor = -1; // index the writer sleeps on (guarded by the slots lock); wake it only for that one
        Exception? workerError = null;

        void Work()
        {
            var processor = new FileProcessor(_options, _parser);
            try
            {
                while (true)
                {
                    permits.Wait(stop.Token);
                    int index = Interlocked.Increment(ref next);
                    if (index >= files.Count) { permits.Release(); return; }
                    var result = processor.Process(files[index]);
                    Progress.FileDone(result.Failed);
                    lock (slots)
                    {
                        slots[index % window] = result;
                        if (index == writerWaitsFor) Monitor.Pulse(slots);
                    }
                }
            }
            catch (OperationCanceledException) { }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref workerError, e, null);
                stop.Cancel();
                lock (slots) Monitor.PulseAll(slots);
            }
        }

        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            workers[t] = new Thread(Work) { IsBackground = true, Name = $"dl4m prepare worker {t}" };
            workers[t].Start();
        }
        try
        {
            for (int index = 0; index < files.Count; index++)
            {
                FileResult result;
                lock (slots)
                {
                    while (slots[index % window] is null)
                    {
                        if (workerError is not null) throw new AggregateException("a prepare worker failed", workerError);
                        stop.Token.ThrowIfCancellationRequested();
                        // Sleep until a few results past this one are ready, so one wake-up serves several
                        // files; if that one is already there, wait for this one itself. The target stays
                        // within the permits the workers hold (lead < window − batch), so it will come.
                        int target = Math.Min(index + lead, files.Count - 1);
                        writerWaitsFor = slots[target % window] is null ? target : index;
                        Monitor.Wait(slots, 100);
                    }
                    writerWaitsFor = -1;
                    result = slots[index % window]!;
                    slots[index % window] = null;
                }
                try { writer.Add(result); }
                finally { result.ReturnEvents(); }
                if (++unreleased == batch)
                {
                    permits.Release(unreleased);
                    unreleased = 0;
                }
            }
        }
        finally
        {
            stop.Cancel();
            foreach (var worker in workers) worker.Join();
            foreach (var left in slots) left?.ReturnEvents();
        }
    }
}
