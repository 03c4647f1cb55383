using System.Text;
using Dl4m.IO;
using Dl4m.Midi;

namespace Dl4m.Data;

/// <summary>
/// Builds a large benchmark corpus from a small real one: each output file is a distinct mutation of a
/// source file (transposed, velocities shifted, a marker naming the variant; every 50th variant also cut
/// short, so the lenient reader has damage to salvage). Deterministic: the same sources and count give
/// the same files.
/// </summary>
public static class SyntheticCorpus
{
    /// <summary>
    /// Writes <paramref name="count"/> files below <paramref name="outputFolder"/> (label/vNNNN/name) and returns their total bytes;
    /// the folder is built beside the target and renamed into place when complete (<see cref="StagingFolder"/>).
    /// </summary>
    /// <exception cref="Dl4mException">No readable source file, or an output folder that is not empty without <paramref name="force"/>.</exception>
    public static long Build(string sourceFolder, string outputFolder, int count, int threads, bool force = false, Action<int>? onFileWritten = null)
    {
        var sources = MidiFileFinder.Find(sourceFolder)
            .Select(f => (f.Label, Name: Path.GetFileName(f.FullPath), File: TryRead(f.FullPath)))
            .Where(s => s.File is not null)
            .ToList();
        if (sources.Count == 0) throw new Dl4mException($"no readable MIDI file in '{sourceFolder}' to build a corpus from");
        using var outputLock = OutputLock.Acquire(outputFolder);
        using var staging = StagingFolder.Create(outputFolder, force);
        long bytes = 0;
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, k =>
        {
            var (label, name, file) = sources[k % sources.Count];
            int variant = k / sources.Count;
            byte[] data = MidiWriter.Write(Mutate(file!, variant, k));
            if (k % 50 == 49) data = data[..(data.Length * 3 / 4)];
            string folder = Path.Combine(staging.Path, label == MidiFileFinder.RootLabel ? "root" : label, $"v{variant:D4}");
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, name), data);
            Interlocked.Add(ref bytes, data.Length);
            onFileWritten?.Invoke(k);
        });
        staging.Commit();
        return bytes;
    }

    /// <summary>
    /// Variant <paramref name="variant"/> of a file: transposed by (v mod 25) − 12 semitones, velocities shifted by
    /// ((v / 25) mod 41) − 20, and a marker naming <paramref name="id"/>, so even byte-identical sources give distinct files.
    /// </summary>
    public static MidiFile Mutate(MidiFile source, int variant, int id)
    {
        int transpose = variant % 25 - 12;
        int velocityShift = variant / 25 % 41 - 20;
        var tracks = new List<MidiTrack>(source.Tracks.Count);
        foreach (var track in source.Tracks)
        {
            var events = new List<MidiEvent>(track.Events.Count + 1);
            if (tracks.Count == 0)
                events.Add(MidiEvent.MetaEvent(0, MetaType.Marker, Encoding.ASCII.GetBytes($"dl4m synthetic file {id} variant {variant}")));
            foreach (var e in track.Events)
            {
                if (e.Type is MidiEventType.NoteOn or MidiEventType.NoteOff or MidiEventType.PolyPressure && e.Channel != NoteEventExtractor.DrumChannel)
                {
                    int note = Math.Clamp(e.Data1 + transpose, 0, 127);
                    int velocity = e.IsNoteOn ? Math.Clamp(e.Data2 + velocityShift, 1, 127) : e.Data2;
                    events.Add(e with { Data1 = (byte)note, Data2 = (byte)velocity });
                }
                else events.Add(e);
            }
            tracks.Add(new MidiTrack(events));
        }
        return new MidiFile(source.Format, source.Division, tracks);
    }

    private static MidiFile? TryRead(string path)
    {
        try { return MidiReader.ReadFile(path); }
        catch (Dl4mException) { return null; }
    }
}
