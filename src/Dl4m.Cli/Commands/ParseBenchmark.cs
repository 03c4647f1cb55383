using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Dl4m.Midi;

namespace Dl4m.Cli.Commands;

/// <summary>
/// The timed work of `bench parse`: MIDI files parsed to events (lenient reader, as for corpora), counting
/// events and note-ons so nothing is optimised away — the same work mido does in the peer script.
/// </summary>
internal static class ParseBenchmark
{
    /// <summary>Files are handed to threads in batches, so small files do not pay for scheduling one by one.</summary>
    private const int Batch = 16;

    /// <summary>Reads every file from disk and parses it (what the peer times), as <see cref="MidiReader.ReadFile"/> does.</summary>
    /// <param name="files">The files.</param>
    /// <param name="sizes">Their sizes, measured before timing (so the timed pass makes no extra system call).</param>
    /// <param name="threads">Worker threads.</param>
    public static ParseTally ReadAndParse(IReadOnlyList<string> files, long[] sizes, int threads) =>
        Run(files.Count, threads, i =>
        {
            MidiFile file;
            try { file = MidiReader.ReadFile(files[i]); }
            catch (Dl4mException) { return new ParseTally(1, sizes[i], 0, 0, 1, 0); }
            return Count(file, sizes[i]);
        });

    /// <summary>Parses bytes already in memory: the parser alone, without file system calls.</summary>
    public static ParseTally ParseOnly(byte[][] contents, int threads) => Run(contents.Length, threads, i => Parse(contents[i]));

    /// <summary>One warm-up pass, then <paramref name="repeats"/> timed passes: best and median seconds.</summary>
    public static (double Best, double Median, ParseTally Tally) Time(Func<ParseTally> pass, int repeats)
    {
        var tally = pass(); // warm-up: JIT tiers, page cache
        var seconds = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            GC.Collect();
            var watch = Stopwatch.StartNew();
            tally = pass();
            seconds[r] = watch.Elapsed.TotalSeconds;
        }
        Array.Sort(seconds);
        double median = repeats % 2 == 1 ? seconds[repeats / 2] : (seconds[repeats / 2 - 1] + seconds[repeats / 2]) / 2;
        return (seconds[0], median, tally);
    }

    private static ParseTally Parse(byte[] bytes)
    {
        MidiFile file;
        try { file = MidiReader.Read(bytes); }
        catch (MidiReadException) { return new ParseTally(1, bytes.Length, 0, 0, 1, 0); }
        return Count(file, bytes.Length);
    }

    private static ParseTally Count(MidiFile file, long bytes)
    {
        long events = 0, noteOns = 0;
        foreach (var track in file.Tracks)
        {
            var span = CollectionsMarshal.AsSpan(track.Events);
            events += span.Length;
            foreach (ref readonly var e in span)
                if (e.IsNoteOn) noteOns++;
        }
        return new ParseTally(1, bytes, events, noteOns, 0, file.WasSalvaged ? 1 : 0);
    }

    private static ParseTally Run(int count, int threads, Func<int, ParseTally> one)
    {
        if (threads <= 1)
        {
            var total = default(ParseTally);
            for (int i = 0; i < count; i++) total += one(i);
            return total;
        }
        var sum = default(ParseTally);
        var gate = new object();
        Parallel.ForEach(Partitioner.Create(0, count, Batch), new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => default(ParseTally),
            (range, _, local) =>
            {
                for (int i = range.Item1; i < range.Item2; i++) local += one(i);
                return local;
            },
            local => { lock (gate) sum += local; });
        return sum;
    }
}
