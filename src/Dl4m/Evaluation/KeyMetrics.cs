using Dl4m.Music;

namespace Dl4m.Evaluation;

/// <summary>The key metrics of a song's notes, on top of the music core's <see cref="KeyEstimator"/>.</summary>
public static class KeyMetrics
{
    /// <summary>Pitch-class weights of notes: duration in beats, or note counts when every duration is zero.</summary>
    public static double[] Weights(IEnumerable<EvaluationNote> notes)
    {
        var byDuration = new double[12];
        var byCount = new double[12];
        double total = 0;
        foreach (var n in notes)
        {
            byDuration[n.Pitch % 12] += n.DurationBeats;
            byCount[n.Pitch % 12] += 1;
            total += n.DurationBeats;
        }
        return total > 0 ? byDuration : byCount;
    }

    /// <summary>Window length of <see cref="KeyChangeRate"/>, in quarter-note beats.</summary>
    public const double WindowBeats = 8;

    /// <summary>
    /// Share of consecutive estimated windows whose key differs: the song is cut into 8-beat windows from beat 0,
    /// each window's key is estimated from the notes starting in it, windows without an estimate are skipped.
    /// Null below 2 estimated windows.
    /// </summary>
    public static double? KeyChangeRate(IReadOnlyList<EvaluationNote> notes)
    {
        var keys = new List<int>();
        for (int i = 0; i < notes.Count;)
        {
            long window = (long)Math.Floor(notes[i].OnsetBeats / WindowBeats);
            int j = i;
            while (j < notes.Count && (long)Math.Floor(notes[j].OnsetBeats / WindowBeats) == window) j++;
            var weights = Weights(Enumerable.Range(i, j - i).Select(k => notes[k]));
            if (KeyEstimator.Estimate(weights) is { } estimate) keys.Add(estimate.Key);
            i = j;
        }
        if (keys.Count < 2) return null;
        int changes = 0;
        for (int k = 1; k < keys.Count; k++) if (keys[k] != keys[k - 1]) changes++;
        return (double)changes / (keys.Count - 1);
    }
}
