using System.Globalization;

namespace Dl4m.Generation;

/// <summary>A major or minor key: "D major", "B minor" (the names <c>--key</c> takes and <see cref="Evaluation.KeyEstimator"/> prints).</summary>
/// <param name="Tonic">Pitch class of the tonic, 0 = C … 11 = B.</param>
/// <param name="Minor">True for minor, false for major.</param>
public readonly record struct MusicalKey(int Tonic, bool Minor)
{
    private static readonly string[] Names = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"];

    /// <summary>C major, where <c>--normalize-key</c> puts major songs.</summary>
    public static MusicalKey CMajor { get; } = new(0, false);

    /// <summary>A minor, where <c>--normalize-key</c> puts minor songs.</summary>
    public static MusicalKey AMinor { get; } = new(9, true);

    /// <summary>The key of a <see cref="Evaluation.KeyEstimator"/> index (0–11 major C…B, 12–23 minor).</summary>
    public static MusicalKey FromEstimatorIndex(int key) => new(key % 12, key >= 12);

    /// <summary>The key that shares this one's key signature in the other mode (C major ↔ A minor).</summary>
    public MusicalKey Relative => Minor ? new((Tonic + 3) % 12, false) : new((Tonic + 9) % 12, true);

    /// <summary>"D major", "Bb minor".</summary>
    public override string ToString() => $"{Names[Tonic]} {(Minor ? "minor" : "major")}";

    /// <summary>
    /// Parses a tonic (C, C#, Db, D, …, B; case-insensitive; '#' for sharp, 'b' for flat) followed by
    /// "major" or "minor" (also "maj"/"min"/"m"; a bare tonic is major), e.g. "D major", "f# minor", "Bbm".
    /// </summary>
    /// <exception cref="Dl4mException">Anything else.</exception>
    public static MusicalKey Parse(string text)
    {
        string t = text.Trim().ToLowerInvariant();
        int letter = t.Length > 0 ? "c d ef g a b".IndexOf(t[0], StringComparison.Ordinal) : -1;
        if (letter < 0 || t[0] == ' ') throw Bad(text);
        int tonic = letter, i = 1;
        if (i < t.Length && (t[i] == '#' || t[i] == '♯')) { tonic++; i++; }
        else if (i < t.Length && (t[i] == 'b' || t[i] == '♭')) { tonic--; i++; }
        string mode = t[i..].Trim();
        bool? minor = mode switch
        {
            "" or "major" or "maj" => false,
            "minor" or "min" or "m" => true,
            _ => null,
        };
        if (minor is null) throw Bad(text);
        return new(((tonic % 12) + 12) % 12, minor.Value);
    }

    private static Dl4mException Bad(string text) =>
        new(string.Create(CultureInfo.InvariantCulture, $"--key '{text}': expected a tonic C, C#, Db, D, … B and major or minor, e.g. \"D major\" or \"B minor\""));
}
