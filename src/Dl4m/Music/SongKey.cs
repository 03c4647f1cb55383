namespace Dl4m.Music;

/// <summary>
/// Key estimates and transpositions of generated songs for <c>--key</c>. Keys are estimated with
/// <see cref="KeyEstimator"/> on pitch-class weights by note length in seconds (as the categorical family's <c>SongKeys</c>
/// does for dataset songs).
/// </summary>
public static class SongKey
{
    /// <summary>The key of generated notes, or null when they have no estimate.</summary>
    public static MusicalKey? Estimate(IEnumerable<Note> notes)
    {
        var weights = new double[12];
        foreach (var n in notes) weights[PitchClass.Of(n.Pitch)] += Math.Max(n.DurationSeconds, 0);
        return Estimate(weights);
    }

    private static MusicalKey? Estimate(double[] byDuration) =>
        KeyEstimator.Estimate(byDuration) is { } estimate ? MusicalKey.FromEstimatorIndex(estimate.Key) : null;

    /// <summary>
    /// Semitones (−6…+5, the nearest way) that move a song in <paramref name="from"/> to <paramref name="to"/>, or to
    /// <paramref name="to"/>'s relative key when the modes differ: transposing never changes a song's mode.
    /// </summary>
    public static int ShiftBetween(MusicalKey from, MusicalKey to)
    {
        var target = to.Minor == from.Minor ? to : to.Relative;
        return PitchClass.NearestShift(from.Tonic, target.Tonic);
    }

    /// <summary>
    /// Moves <paramref name="notes"/> to <paramref name="requested"/> (see <see cref="ShiftBetween"/>); when that would
    /// push notes off the keyboard the song goes an octave the other way instead (if it fits), and any note still
    /// outside 0–127 is clamped.
    /// </summary>
    public static (List<Note> Notes, KeyTransposition Key) Transpose(IReadOnlyList<Note> notes, MusicalKey requested)
    {
        var estimated = Estimate(notes);
        int shift = estimated is { } e ? ShiftBetween(e, requested) : 0;
        if (notes.Count > 0 && shift != 0)
        {
            int low = notes.Min(n => n.Pitch), high = notes.Max(n => n.Pitch);
            if (high + shift > 127 && low + shift - 12 >= 0) shift -= 12;
            else if (low + shift < 0 && high + shift + 12 <= 127) shift += 12;
        }
        var moved = new List<Note>(notes.Count);
        foreach (var n in notes) moved.Add(n with { Pitch = Math.Clamp(n.Pitch + shift, 0, 127) });
        return (moved, new KeyTransposition(estimated, requested, shift));
    }
}
