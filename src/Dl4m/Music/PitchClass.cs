namespace Dl4m.Music;

/// <summary>Pitch classes 0 = C … 11 = B: the note of a MIDI pitch with the octave left out.</summary>
public static class PitchClass
{
    /// <summary>The names <see cref="Name"/> prints: sharps for C#/F#, flats for Eb/Ab/Bb (as key names usually are).</summary>
    public static IReadOnlyList<string> Names { get; } = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"];

    /// <summary>The pitch class of a MIDI pitch (any integer; negative pitches wrap too).</summary>
    public static int Of(int pitch) => (pitch % 12 + 12) % 12;

    /// <summary>"C", "C#", … "B".</summary>
    public static string Name(int pitchClass) => Names[Of(pitchClass)];

    /// <summary>Semitones (−6…+5) that move pitch class <paramref name="from"/> to <paramref name="to"/> the nearest way.</summary>
    public static int NearestShift(int from, int to)
    {
        int up = Of(to - from); // 0…11
        return up >= 6 ? up - 12 : up;
    }

    /// <summary>The pitch class of "C", "c#", "Db", … (a letter, then optionally # or b); null when it is none.</summary>
    public static int? Parse(string name)
    {
        if (name.Length is < 1 or > 2) return null;
        int natural = char.ToUpperInvariant(name[0]) switch
        {
            'C' => 0, 'D' => 2, 'E' => 4, 'F' => 5, 'G' => 7, 'A' => 9, 'B' => 11, _ => -1,
        };
        if (natural < 0) return null;
        if (name.Length == 1) return natural;
        return name[1] switch
        {
            '#' => Of(natural + 1),
            'b' => Of(natural - 1),
            _ => null,
        };
    }
}
