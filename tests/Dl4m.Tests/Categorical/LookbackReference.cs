using Dl4m.Categorical;

namespace Dl4m.Tests.Categorical;

/// <summary>
/// The lookback inputs written straight from their definition, by brute force: onsets are the cumulative Δ steps;
/// for step i and each k, the last j with onset_j ≤ onset_i − k·L, suggestion = pitch of event j+1 (−1 when there is
/// no such j). The library's walk-back (<see cref="LookbackFeatures"/>) must agree with it.
/// </summary>
internal static class LookbackReference
{
    public static int[][] Suggestions(CategoricalEvent[] song, int barSteps, int[] bars) =>
        [.. Events(song, barSteps, bars).Select(row => row.Select(e => e.Pitch).ToArray())];

    /// <summary>
    /// Lookback version 2 by brute force: rank r of event i = the events before it on its onset; G = the events at the
    /// latest onset ≤ onset_i − k·L (in song order); suggestion = the event after G[min(r, |G| − 1)] (pitch −1: none).
    /// </summary>
    public static CategoricalEvent[][] AlignedEvents(CategoricalEvent[] song, int barSteps, int[] bars) => Aligned(song, barSteps, bars, after: 1);

    /// <summary>Lookback version 3's aligned events by brute force: G[min(r, |G| − 1)] itself (pitch −1: none), what the match flags compare with event i.</summary>
    public static CategoricalEvent[][] AlignedMembers(CategoricalEvent[] song, int barSteps, int[] bars) => Aligned(song, barSteps, bars, after: 0);

    private static CategoricalEvent[][] Aligned(CategoricalEvent[] song, int barSteps, int[] bars, int after)
    {
        var onsets = new long[song.Length];
        for (int i = 1; i < song.Length; i++) onsets[i] = onsets[i - 1] + song[i].DeltaSteps;
        var result = new CategoricalEvent[song.Length][];
        for (int i = 0; i < song.Length; i++)
        {
            int rank = Enumerable.Range(0, i).Count(j => onsets[j] == onsets[i]);
            result[i] = new CategoricalEvent[bars.Length];
            for (int k = 0; k < bars.Length; k++)
            {
                long limit = onsets[i] - (long)bars[k] * barSteps;
                var before = Enumerable.Range(0, i).Where(j => onsets[j] <= limit).ToArray();
                if (before.Length == 0) { result[i][k] = new CategoricalEvent(-1, 0, 0, 0); continue; }
                var group = before.Where(j => onsets[j] == onsets[before[^1]]).ToArray();
                result[i][k] = song[group[Math.Min(rank, group.Length - 1)] + after];
            }
        }
        return result;
    }

    /// <summary>The same definition for lookback version 1 as whole events: the event j+1 (pitch −1: none).</summary>
    public static CategoricalEvent[][] Events(CategoricalEvent[] song, int barSteps, int[] bars)
    {
        var onsets = new long[song.Length];
        for (int i = 1; i < song.Length; i++) onsets[i] = onsets[i - 1] + song[i].DeltaSteps;
        var result = new CategoricalEvent[song.Length][];
        for (int i = 0; i < song.Length; i++)
        {
            result[i] = new CategoricalEvent[bars.Length];
            for (int k = 0; k < bars.Length; k++)
            {
                int last = -1;
                for (int j = 0; j < i; j++)
                    if (onsets[j] <= onsets[i] - (long)bars[k] * barSteps) last = j;
                result[i][k] = last >= 0 && last + 1 <= i ? song[last + 1] : new CategoricalEvent(-1, 0, 0, 0);
            }
        }
        return result;
    }
}
