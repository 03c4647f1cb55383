using Dl4m.Data;
using Dl4m.Music;

namespace Dl4m.Categorical;

/// <summary>
/// The key of a dataset song and the transposition that brings it to C major (or A minor for a minor key), for
/// --normalize-key: the Krumhansl–Schmuckler estimate (<see cref="KeyEstimator"/>) of the song's pitch-class
/// histogram weighted by note duration.
/// </summary>
public static class SongKeys
{
    private const int MajorTarget = 0; // C
    private const int MinorTarget = 9; // A

    /// <summary>
    /// Pitch-class weights of a song: beats of sounding per pitch class, or note counts when every duration is 0
    /// (durations, not counts, so that passing notes weigh less than held ones, as in Krumhansl's own use). Beats, not
    /// seconds, so that a song re-timed to another tempo map gets the same key (and the same training tokens).
    /// </summary>
    public static double[] Weights(ReadOnlySpan<EventRecord> song)
    {
        var byDuration = new double[12];
        var byCount = new double[12];
        double total = 0;
        foreach (ref readonly var e in song)
        {
            int pitchClass = Math.Clamp((int)e.Note, 0, CategoricalEncoding.Pitches - 1) % 12;
            double beats = Math.Max(0, e.DurationBeats);
            byDuration[pitchClass] += beats;
            byCount[pitchClass] += 1;
            total += beats;
        }
        return total > 0 ? byDuration : byCount;
    }

    /// <summary>The song's key index (0–11 major tonics C…B, 12–23 minor, as <see cref="KeyEstimator"/>), or null for no estimate (empty or flat histogram).</summary>
    public static int? Key(ReadOnlySpan<EventRecord> song) => KeyEstimator.Estimate(Weights(song))?.Key;

    /// <summary>Semitones (−6…+5) that move a song in <paramref name="key"/> (0–23) to C major, or to A minor for a minor key.</summary>
    public static int ShiftOf(int key)
    {
        if (key is < 0 or > 23) throw new ArgumentOutOfRangeException(nameof(key), $"key index must be 0–23 (got {key})");
        return PitchClass.NearestShift(key % 12, key < 12 ? MajorTarget : MinorTarget);
    }

    /// <summary>Semitones (−6…+5) that move the song's estimated key to C major / A minor; 0 when there is no estimate.</summary>
    public static int Shift(ReadOnlySpan<EventRecord> song) => Key(song) is { } key ? ShiftOf(key) : 0;
}
