using Dl4m.Categorical;

namespace Dl4m.Generation;

/// <summary>A major or minor key: "D major", "B minor" (the names <c>--key</c> takes and <see cref="Evaluation.KeyEstimator"/> prints).</summary>
/// <param name="Tonic">Pitch class of the tonic, 0 = C … 11 = B.</param>
/// <param name="Minor">True for minor, false for major.</param>
public readonly record struct MusicalKey(int Tonic, bool Minor)
{
    /// <summary>C major, where <c>--normalize-key</c> puts major songs.</summary>
    public static MusicalKey CMajor { get; } = new(0, false);

    /// <summary>A minor, where <c>--normalize-key</c> puts minor songs.</summary>
    public static MusicalKey AMinor { get; } = new(9, true);

    /// <summary>The key of a <see cref="Evaluation.KeyEstimator"/> index (0–11 major C…B, 12–23 minor).</summary>
    public static MusicalKey FromEstimatorIndex(int key) => new(key % 12, key >= 12);

    /// <summary>This key's <see cref="Evaluation.KeyEstimator"/> index (0–11 major C…B, 12–23 minor).</summary>
    public int EstimatorIndex => Tonic + (Minor ? 12 : 0);

    /// <summary>The key that shares this one's key signature in the other mode (C major ↔ A minor).</summary>
    public MusicalKey Relative => Minor ? new((Tonic + 3) % 12, false) : new((Tonic + 9) % 12, true);

    /// <summary>"D major", "Bb minor".</summary>
    public override string ToString() => Evaluation.KeyEstimator.Name(EstimatorIndex);

    /// <summary>Parses a key name such as "D major", "F# minor" or "Bb major" (see <see cref="SongKeys.ParseKey"/>).</summary>
    /// <exception cref="Dl4mException">The text is not a key name.</exception>
    public static MusicalKey Parse(string text) => FromEstimatorIndex(SongKeys.ParseKey(text));
}
