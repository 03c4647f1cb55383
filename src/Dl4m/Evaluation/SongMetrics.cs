namespace Dl4m.Evaluation;

/// <summary>The metrics of one song: scalar values by <see cref="MetricCatalog"/> index, plus its histograms and key.</summary>
public sealed class SongMetrics
{
    /// <summary>Chord-size bins: 1, 2, 3, 4, and 5 or more notes starting on the same tick.</summary>
    public const int ChordSizeBins = 5;

    /// <summary>Creates a result; <paramref name="values"/> has one entry per metric, null for n/a.</summary>
    public SongMetrics(double?[] values, int noteCount, int drumNoteCount, int[] pitchClassCounts, int[] chordSizeCounts, string? key)
    {
        Values = values;
        NoteCount = noteCount;
        DrumNoteCount = drumNoteCount;
        PitchClassCounts = pitchClassCounts;
        ChordSizeCounts = chordSizeCounts;
        Key = key;
    }

    /// <summary>Scalar values by <see cref="MetricCatalog"/> index; null means n/a (never NaN or infinite).</summary>
    public double?[] Values { get; }

    /// <summary>Non-drum notes.</summary>
    public int NoteCount { get; }

    /// <summary>Drum notes (channel 10), left out of every metric.</summary>
    public int DrumNoteCount { get; }

    /// <summary>Note onsets per pitch class, C = 0.</summary>
    public int[] PitchClassCounts { get; }

    /// <summary>Distinct onsets by how many notes start there: 1, 2, 3, 4, 5+.</summary>
    public int[] ChordSizeCounts { get; }

    /// <summary>Pitches of the non-drum notes in the order they start (by onset, then pitch), for the copy-length check.</summary>
    public byte[] Pitches { get; init; } = [];

    /// <summary>The Krumhansl–Schmuckler key of the whole song ("G major"), or null without notes.</summary>
    public string? Key { get; }

    /// <summary>The value of one metric by key (null for n/a).</summary>
    public double? this[string key] => Values[MetricCatalog.IndexOf(key) is int i and >= 0 ? i : throw new ArgumentException($"no metric '{key}'", nameof(key))];
}
