using Dl4m.Midi;
using Dl4m.Music;

namespace Dl4m.Generation;

/// <summary>
/// A small training corpus made in code, so the demo needs no download: 8-bar tunes in random major and minor
/// keys over common chord progressions, a melody of chord and scale tones in one of a few rhythm patterns over
/// block chords, each written as a type-1 MIDI file.
/// </summary>
public static class DemoCorpus
{
    private static readonly int[] Major = [0, 2, 4, 5, 7, 9, 11];
    private static readonly int[] Minor = [0, 2, 3, 5, 7, 8, 10];

    // scale degrees (0-based) of each bar's chord root
    private static readonly int[][] MajorProgressions = [[0, 4, 5, 3], [0, 3, 4, 0], [5, 3, 0, 4], [1, 4, 0, 0], [0, 5, 1, 4]];
    private static readonly int[][] MinorProgressions = [[0, 3, 4, 0], [0, 5, 2, 6], [0, 3, 6, 2], [0, 6, 5, 4]];

    // note lengths in beats, each pattern one 4/4 bar
    private static readonly double[][] Rhythms = [[1, 1, 1, 1], [0.5, 0.5, 1, 0.5, 0.5, 1], [1.5, 0.5, 1, 1], [0.5, 0.5, 0.5, 0.5, 1, 1], [2, 1, 1]];

    /// <summary>Writes <paramref name="songs"/> files song-001.mid … into <paramref name="folder"/> (created); returns their paths.</summary>
    public static IReadOnlyList<string> Write(string folder, int songs, int seed)
    {
        if (songs < 1) throw new Dl4mException($"demo corpus: {songs} songs, need at least 1");
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        var paths = new List<string>(songs);
        for (int s = 1; s <= songs; s++)
        {
            double bpm = 90 + 10 * random.Next(5);
            string path = Path.Combine(folder, $"song-{s:000}.mid");
            MidiWriter.WriteFile(SongMidi.Create(Tune(random, bpm), bpm), path);
            paths.Add(path);
        }
        return paths;
    }

    /// <summary>One tune: 8 bars (the progression twice), melody over block chords.</summary>
    public static List<Note> Tune(Random random, double bpm)
    {
        bool minor = random.Next(2) == 1;
        int[] scale = minor ? Minor : Major;
        int[] progression = (minor ? MinorProgressions : MajorProgressions)[random.Next(minor ? MinorProgressions.Length : MajorProgressions.Length)];
        double[] rhythm = Rhythms[random.Next(Rhythms.Length)];
        int tonic = 57 + random.Next(12); // A3 … G#4
        double beat = 60 / bpm;
        var notes = new List<Note>();
        int degree = 7 + random.Next(3) * 2; // melody position in scale steps above the tonic's lower octave
        for (int bar = 0; bar < 8; bar++)
        {
            int root = progression[bar % progression.Length];
            double barStart = bar * 4 * beat;
            foreach (int third in new[] { 0, 2, 4 }) // the triad, an octave below the melody
                notes.Add(new Note(Pitch(tonic - 12, scale, root + third), 60, barStart, 4 * beat * 0.95));
            double t = barStart;
            foreach (double length in rhythm)
            {
                // chord tones on the beat, steps between; stay within about an octave and a half
                bool onBeat = Math.Abs((t - barStart) / beat - Math.Round((t - barStart) / beat)) < 1e-9;
                degree = onBeat ? NearestChordTone(degree + random.Next(-2, 3), root) : degree + (random.Next(2) == 0 ? -1 : 1);
                degree = Math.Clamp(degree, 4, 16);
                notes.Add(new Note(Pitch(tonic - 12, scale, degree), 80 + random.Next(20), t, length * beat * 0.9));
                t += length * beat;
            }
        }
        notes.Add(new Note(tonic, 90, 8 * 4 * beat, 2 * beat)); // end on the tonic
        notes.Sort((a, b) => a.StartSeconds.CompareTo(b.StartSeconds));
        return notes;
    }

    private static int NearestChordTone(int degree, int root)
    {
        for (int d = 0; d < 7; d++)
            foreach (int candidate in new[] { degree - d, degree + d })
                if (((candidate - root) % 7 + 7) % 7 is 0 or 2 or 4) return candidate;
        return degree;
    }

    private static int Pitch(int baseNote, int[] scale, int degree)
    {
        int octave = (int)Math.Floor(degree / 7.0);
        return baseNote + 12 * octave + scale[degree - 7 * octave];
    }
}
