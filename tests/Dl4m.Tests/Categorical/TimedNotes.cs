using Dl4m.Data;
using Dl4m.Midi;

namespace Dl4m.Tests.Categorical;

/// <summary>One note of a <see cref="TimedNotes"/> file: onset after the previous onset and length, in eighths of a beat (62.5 ms at the default 120 bpm).</summary>
internal readonly record struct TimedNote(int Pitch, int Velocity, int DeltaEighths, int LengthEighths);

/// <summary>
/// A stand-in file format for categorical tests that controls every field of an event (the real reader is tested
/// elsewhere): "TIME" then (pitch, velocity, Δ, length) byte quadruples, times in eighths of a beat at 480 ticks per
/// quarter and the default tempo, so 1 eighth = 62.5 ms exactly and Δt 0 makes a chord.
/// </summary>
internal static class TimedNotes
{
    public const int TicksPerEighth = 60;
    public const double SecondsPerEighth = 0.0625;

    public static byte[] Bytes(params TimedNote[] notes) =>
        [.. "TIME"u8, .. notes.SelectMany(n => new[] { (byte)n.Pitch, (byte)n.Velocity, (byte)n.DeltaEighths, (byte)n.LengthEighths })];

    public static MidiFile Parse(ReadOnlySpan<byte> bytes)
    {
        if (!bytes.StartsWith("TIME"u8)) throw new Dl4mException("no MThd header: not a MIDI file");
        var events = new List<MidiEvent>();
        long onset = 0;
        for (int i = 4; i + 3 < bytes.Length; i += 4)
        {
            onset += bytes[i + 2] * TicksPerEighth;
            events.Add(MidiEvent.ChannelEvent(onset, MidiEventType.NoteOn, 0, bytes[i], bytes[i + 1]));
            events.Add(MidiEvent.ChannelEvent(onset + bytes[i + 3] * TicksPerEighth, MidiEventType.NoteOff, 0, bytes[i]));
        }
        // time order; at equal ticks note-offs first, so a repeated pitch ends before it starts again
        var ordered = events.Select((e, k) => (e, k)).OrderBy(p => p.e.Tick).ThenBy(p => p.e.Type == MidiEventType.NoteOn ? 1 : 0).ThenBy(p => p.k).Select(p => p.e).ToList();
        return new MidiFile(0, TimeDivision.Ppq(480), [new MidiTrack(ordered)], []);
    }

    /// <summary>Writes each song to tmp/name-in/&lt;relative path&gt; and prepares them into tmp/name with <paramref name="split"/> (default: all train).</summary>
    public static string Dataset(TempFolder tmp, IEnumerable<(string Path, TimedNote[] Notes)> songs, SplitRatios? split = null, string name = "data")
    {
        foreach (var (path, notes) in songs) tmp.Write($"{name}-in/{path}", Bytes(notes));
        string output = tmp.Combine(name);
        new DatasetBuilder(new DatasetBuildOptions { Split = split ?? new SplitRatios(100, 0, 0), Threads = 1 }, Parse).Build(tmp.Combine(name + "-in"), output);
        return output;
    }

    /// <summary>A random walk of <paramref name="count"/> notes (pitches <paramref name="low"/>–<paramref name="high"/>) with chords and varied times.</summary>
    public static TimedNote[] RandomWalk(Random random, int count, int low = 40, int high = 90)
    {
        var notes = new TimedNote[count];
        int pitch = (low + high) / 2;
        for (int i = 0; i < count; i++)
        {
            pitch = Math.Clamp(pitch + random.Next(-5, 6), low, high);
            int delta = i == 0 ? 0 : random.Next(0, 3) switch { 0 => 0, 1 => 2, _ => 4 * random.Next(1, 3) };
            notes[i] = new TimedNote(pitch, random.Next(30, 128), delta, 1 + random.Next(0, 8));
        }
        return notes;
    }
}
