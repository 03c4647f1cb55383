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

    /// <summary>The same definition for lookback version 2: the whole event j+1 (pitch −1: none).</summary>
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
