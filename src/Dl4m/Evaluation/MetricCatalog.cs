namespace Dl4m.Evaluation;

/// <summary>
/// Every scalar metric, in report order. A song's values are an array indexed by the constants here; a value is
/// null ("n/a") when the song lacks what the metric needs, never NaN.
/// </summary>
public static class MetricCatalog
{
    /// <summary>Group of MusPy's metrics.</summary>
    public const string MusPy = "MusPy metrics";
    /// <summary>Group of the original's "key signature" quality.</summary>
    public const string Key = "Key";
    /// <summary>Group of the original's "recurrent structure" quality.</summary>
    public const string Structure = "Recurrent structure";
    /// <summary>Group of the original's "tempo / rhythm" quality.</summary>
    public const string Rhythm = "Tempo and rhythm";
    /// <summary>Group of the original's "chords" quality.</summary>
    public const string Chords = "Chords";
    /// <summary>Group of the original's "key / notes" quality (needs a reference set).</summary>
    public const string Notes = "Key and notes";

    /// <summary>Index of pitch_range.</summary>
    public const int PitchRange = 0;
    /// <summary>Index of n_pitches_used.</summary>
    public const int PitchesUsed = 1;
    /// <summary>Index of n_pitch_classes_used.</summary>
    public const int PitchClassesUsed = 2;
    /// <summary>Index of polyphony.</summary>
    public const int Polyphony = 3;
    /// <summary>Index of polyphony_rate.</summary>
    public const int PolyphonyRate = 4;
    /// <summary>Index of pitch_entropy.</summary>
    public const int PitchEntropy = 5;
    /// <summary>Index of pitch_class_entropy.</summary>
    public const int PitchClassEntropy = 6;
    /// <summary>Index of scale_consistency.</summary>
    public const int ScaleConsistency = 7;
    /// <summary>Index of empty_beat_rate.</summary>
    public const int EmptyBeatRate = 8;
    /// <summary>Index of groove_consistency.</summary>
    public const int GrooveConsistency = 9;
    /// <summary>Index of key_clarity.</summary>
    public const int KeyClarity = 10;
    /// <summary>Index of key_change_rate.</summary>
    public const int KeyChangeRate = 11;
    /// <summary>Index of repeated_interval_ngrams.</summary>
    public const int RepeatedIntervalNgrams = 12;
    /// <summary>Index of repeated_rhythm_ngrams.</summary>
    public const int RepeatedRhythmNgrams = 13;
    /// <summary>Index of bar_self_similarity.</summary>
    public const int BarSelfSimilarity = 14;
    /// <summary>Index of ioi_entropy.</summary>
    public const int IoiEntropy = 15;
    /// <summary>Index of on_grid_rate.</summary>
    public const int OnGridRate = 16;
    /// <summary>Index of chord_onset_rate.</summary>
    public const int ChordOnsetRate = 17;
    /// <summary>Index of notes_per_onset.</summary>
    public const int NotesPerOnset = 18;
    /// <summary>Index of pitch_class_distance (filled only when a reference set is given).</summary>
    public const int PitchClassDistance = 19;

    /// <summary>The metrics, indexed by the constants above.</summary>
    public static IReadOnlyList<MetricInfo> All { get; } =
    [
        new("pitch_range", MusPy, "Pitch range", "Highest minus lowest pitch, in semitones (n/a without notes)."),
        new("n_pitches_used", MusPy, "Pitches used", "Number of distinct pitches (0 without notes)."),
        new("n_pitch_classes_used", MusPy, "Pitch classes used", "Number of distinct pitch classes, pitch mod 12 (0 without notes)."),
        new("polyphony", MusPy, "Polyphony", "Mean number of pitches sounding, over the ticks where at least one sounds (n/a without notes)."),
        new("polyphony_rate", MusPy, "Polyphony rate", "Share of ticks from 0 to the last note end where 2 or more pitches sound (n/a for zero length)."),
        new("pitch_entropy", MusPy, "Pitch entropy", "Shannon entropy in bits of the note pitch histogram (n/a without notes)."),
        new("pitch_class_entropy", MusPy, "Pitch-class entropy", "Shannon entropy in bits of the note pitch-class histogram (n/a without notes)."),
        new("scale_consistency", MusPy, "Scale consistency", "Largest share of notes inside one of the 24 major and natural-minor scales (n/a without notes)."),
        new("empty_beat_rate", MusPy, "Empty-beat rate", "Share of quarter-note beats, up to the last note end, in which no note sounds (n/a without notes)."),
        new("groove_consistency", MusPy, "Groove consistency", "1 − mean Hamming distance between neighbouring bars' 16th-note onset patterns, over the steps per bar (bars from the time signatures; n/a below 2 bars)."),
        new("key_clarity", Key, "Key clarity", "Pearson correlation of the duration-weighted pitch-class histogram with the best of the 24 Krumhansl–Kessler key profiles (n/a without notes)."),
        new("key_change_rate", Key, "Key changes per window", "Share of consecutive 8-beat windows (with notes) whose Krumhansl–Schmuckler key differs (n/a below 2 such windows)."),
        new("repeated_interval_ngrams", Structure, "Repeated interval 4-grams", "Share of 4-grams of melodic intervals (top note per onset) that occur more than once in the song (n/a below 5 onsets)."),
        new("repeated_rhythm_ngrams", Structure, "Repeated rhythm 4-grams", "Share of 4-grams of inter-onset intervals (1/12-beat steps) that occur more than once (n/a below 5 onsets)."),
        new("bar_self_similarity", Structure, "Bar self-similarity", "Mean over non-empty bars of the highest cosine similarity of its pitch-class onset counts to another bar's (n/a below 2 non-empty bars)."),
        new("ioi_entropy", Rhythm, "IOI entropy", "Shannon entropy in bits of inter-onset intervals between distinct onsets, quantised to 1/12 beat (n/a below 2 onsets)."),
        new("on_grid_rate", Rhythm, "On 16th grid", "Share of notes whose onset lies within 0.025 beats (a tenth of a 16th) of the 16th-note grid (n/a without notes)."),
        new("chord_onset_rate", Chords, "Chord onsets (3+)", "Share of distinct onsets where 3 or more notes start on the same tick (n/a without notes)."),
        new("notes_per_onset", Chords, "Notes per onset", "Mean number of notes starting together on a tick (n/a without notes)."),
        new("pitch_class_distance", Notes, "Pitch-class distance", "Total-variation distance (half the L1) between the song's pitch-class shares and the reference set's pooled shares (needs a reference set; n/a without notes)."),
    ];

    /// <summary>Number of metrics.</summary>
    public static int Count => All.Count;

    /// <summary>The index of a metric by key, or -1.</summary>
    public static int IndexOf(string key)
    {
        for (int i = 0; i < All.Count; i++) if (All[i].Key == key) return i;
        return -1;
    }
}
