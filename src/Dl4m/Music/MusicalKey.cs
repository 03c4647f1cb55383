namespace Dl4m.Music;

/// <summary>A major or minor key: "D major", "B minor" (the names <c>--key</c> takes and <see cref="KeyEstimator"/> prints).</summary>
/// <param name="Tonic">Pitch class of the tonic, 0 = C … 11 = B.</param>
/// <param name="Minor">True for minor, false for major.</param>
public readonly record struct MusicalKey(int Tonic, bool Minor)
{
    /// <summary>C major, where <c>--normalize-key</c> puts major songs.</summary>
    public static MusicalKey CMajor { get; } = new(0, false);

    /// <summary>A minor, where <c>--normalize-key</c> puts minor songs.</summary>
    public static MusicalKey AMinor { get; } = new(9, true);

    /// <summary>The key of a <see cref="KeyEstimator"/> index (0–11 major C…B, 12–23 minor).</summary>
    public static MusicalKey FromEstimatorIndex(int key) => new(key % 12, key >= 12);

    /// <summary>This key's <see cref="KeyEstimator"/> index (0–11 major C…B, 12–23 minor).</summary>
    public int EstimatorIndex => Tonic + (Minor ? 12 : 0);

    /// <summary>The key that shares this one's key signature in the other mode (C major ↔ A minor).</summary>
    public MusicalKey Relative => Minor ? new((Tonic + 3) % 12, false) : new((Tonic + 9) % 12, true);

    /// <summary>"D major", "Bb minor".</summary>
    public override string ToString() => KeyEstimator.Name(EstimatorIndex);

    /// <summary>
    /// Parses a key name such as "D major", "F# minor" or "Bb major" (case-insensitive; sharps as #, flats as b; the mode
    /// word is required), e.g. for generate --key.
    /// </summary>
    /// <exception cref="Dl4mException">The text is not a key name.</exception>
    public static MusicalKey Parse(string text)
    {
        var parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int? tonic = parts.Length == 2 ? PitchClass.Parse(parts[0]) : null;
        bool major = parts.Length == 2 && parts[1].Equals("major", StringComparison.OrdinalIgnoreCase);
        bool minor = parts.Length == 2 && parts[1].Equals("minor", StringComparison.OrdinalIgnoreCase);
        if (tonic is null || !(major || minor))
            throw new Dl4mException($"GenerationRequest.Key: '{text}' is not a key; write a tonic and a mode, e.g. \"D major\" or \"F# minor\"", "GenerationRequest.Key");
        return new MusicalKey(tonic.Value, minor);
    }
}
