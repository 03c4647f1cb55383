namespace Dl4m.Evaluation;

/// <summary>Recurrent structure: repeated melodic-interval and rhythm n-grams, and bar self-similarity.</summary>
public static class StructureMetrics
{
    /// <summary>Length of the n-grams (4 intervals span 5 notes).</summary>
    public const int N = 4;

    /// <summary>The top line: the highest pitch of each distinct onset, in time order.</summary>
    public static List<int> Skyline(IReadOnlyList<EvaluationNote> notes)
    {
        var top = new List<int>();
        for (int i = 0; i < notes.Count; i++)
        {
            if (i == 0 || notes[i].OnsetTick != notes[i - 1].OnsetTick) top.Add(notes[i].Pitch);
            else top[^1] = Math.Max(top[^1], notes[i].Pitch);
        }
        return top;
    }

    /// <summary>Semitone steps between consecutive skyline notes.</summary>
    public static List<long> Intervals(List<int> skyline)
    {
        var steps = new List<long>(Math.Max(0, skyline.Count - 1));
        for (int i = 1; i < skyline.Count; i++) steps.Add(skyline[i] - skyline[i - 1]);
        return steps;
    }

    /// <summary>Share of the sequence's n-gram positions whose n-gram occurs at least twice; null without a whole n-gram.</summary>
    public static double? RepeatedNgramShare(List<long> sequence, int n = N)
    {
        int positions = sequence.Count - n + 1;
        if (positions <= 0) return null;
        var counts = new Dictionary<NgramKey, int>();
        for (int i = 0; i < positions; i++)
        {
            var key = new NgramKey(sequence, i, n);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        int repeated = 0;
        foreach (int c in counts.Values) if (c >= 2) repeated += c;
        return (double)repeated / positions;
    }

    /// <summary>
    /// Mean over non-empty bars of the highest cosine similarity between its pitch-class onset counts and those of
    /// any other non-empty bar (bars from the time signatures, onsets by their exact beat); null below 2 such bars.
    /// </summary>
    public static double? BarSelfSimilarity(IReadOnlyList<EvaluationNote> notes, BarGrid bars)
    {
        if (notes.Count == 0 || notes[^1].OnsetBeats > RhythmMetrics.MaxBarBeats) return null;
        var starts = bars.BarStarts(notes[^1].OnsetBeats);
        var vectors = new Dictionary<int, double[]>();
        foreach (var n in notes)
        {
            int bar = RhythmMetrics.BarIndex(starts, n.OnsetBeats);
            if (!vectors.TryGetValue(bar, out var v)) vectors[bar] = v = new double[12];
            v[n.Pitch % 12]++;
        }
        if (vectors.Count < 2) return null;
        // Unit vectors in one flat array (12 per bar): the pair loop is then a plain dot product.
        var keys = vectors.Keys.Order().ToArray();
        var unit = new double[keys.Length * 12];
        for (int a = 0; a < keys.Length; a++)
        {
            var v = vectors[keys[a]];
            double norm = 0;
            for (int k = 0; k < 12; k++) norm += v[k] * v[k];
            norm = Math.Sqrt(norm);
            for (int k = 0; k < 12; k++) unit[a * 12 + k] = v[k] / norm;
        }
        double sum = 0;
        for (int a = 0; a < keys.Length; a++)
        {
            double best = 0;
            var va = unit.AsSpan(a * 12, 12);
            for (int b = 0; b < keys.Length; b++)
            {
                if (a == b) continue;
                var vb = unit.AsSpan(b * 12, 12);
                double dot = 0;
                for (int k = 0; k < 12; k++) dot += va[k] * vb[k];
                best = Math.Max(best, dot);
            }
            sum += best;
        }
        return sum / keys.Length;
    }

    /// <summary>A window of a sequence used as a dictionary key without copying.</summary>
    private readonly struct NgramKey(List<long> source, int start, int length) : IEquatable<NgramKey>
    {
        public bool Equals(NgramKey other)
        {
            for (int i = 0; i < length; i++) if (source[start + i] != other.Source[other.Start + i]) return false;
            return true;
        }

        private List<long> Source => source;
        private int Start => start;

        public override bool Equals(object? obj) => obj is NgramKey k && Equals(k);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            for (int i = 0; i < length; i++) hash.Add(source[start + i]);
            return hash.ToHashCode();
        }
    }
}
