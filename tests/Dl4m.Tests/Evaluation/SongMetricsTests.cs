using Dl4m.Evaluation;

namespace Dl4m.Tests.Evaluation;

/// <summary>Each metric on a song small enough to work out by hand.</summary>
public sealed class SongMetricsTests
{
    private static SongMetrics Measure(params SongFile.Note[] notes) => SongMetricsCalculator.Compute(SongFile.Of(notes));

    [Fact]
    public void A_triad_then_a_single_note()
    {
        // C E G for beat 0, then C5 for beat 1.
        var m = Measure(SongFile.Beats(60, 0, 1), SongFile.Beats(64, 0, 1), SongFile.Beats(67, 0, 1), SongFile.Beats(72, 1, 2));
        Assert.Equal(12, m["pitch_range"]);
        Assert.Equal(4, m["n_pitches_used"]);
        Assert.Equal(3, m["n_pitch_classes_used"]);
        Assert.Equal(2.0, m["polyphony"]);          // (3 + 1) pitch-beats over 2 sounding beats
        Assert.Equal(0.5, m["polyphony_rate"]);     // 2+ pitches in the first of two beats
        Assert.Equal(2.0, m["pitch_entropy"]);      // four pitches once each
        Assert.Equal(1.5, m["pitch_class_entropy"]);// C twice, E and G once
        Assert.Equal(1.0, m["scale_consistency"]);
        Assert.Equal(0.0, m["empty_beat_rate"]);
        Assert.Equal(0.5, m["chord_onset_rate"]);
        Assert.Equal(2.0, m["notes_per_onset"]);
        Assert.Equal([1, 0, 1, 0, 0], m.ChordSizeCounts);
        Assert.Equal("C major", m.Key);
    }

    [Fact]
    public void Empty_beats_count_the_gaps_up_to_the_last_note_end()
    {
        var m = Measure(SongFile.Beats(60, 0, 1), SongFile.Beats(62, 4, 5));
        Assert.Equal(0.6, m["empty_beat_rate"]!.Value, 12); // beats 1, 2, 3 of 0–4 are silent
        Assert.Equal(0.0, m["polyphony_rate"]);
        Assert.Equal(1.0, m["polyphony"]);
    }

    [Fact]
    public void Groove_consistency_compares_neighbouring_bars_on_the_16th_grid()
    {
        // Bar 0: quarter notes (steps 0, 4, 8, 12); bar 1: half notes (steps 0, 8): Hamming 2 of 16 steps.
        var notes = new List<SongFile.Note>();
        for (int i = 0; i < 4; i++) notes.Add(SongFile.Beats(60, i, i + 1));
        notes.Add(SongFile.Beats(62, 4, 6));
        notes.Add(SongFile.Beats(64, 6, 8));
        Assert.Equal(1 - 2.0 / 16, Measure([.. notes])["groove_consistency"]!.Value, 12);

        var same = Enumerable.Range(0, 12).Select(i => SongFile.Beats(60 + i % 4, i, i + 1)).ToArray();
        Assert.Equal(1.0, Measure(same)["groove_consistency"]);
        Assert.Equal(1.0, Measure(same)["bar_self_similarity"]!.Value, 12);
    }

    [Fact]
    public void Key_estimate_and_key_changes_between_8_beat_windows()
    {
        int[] cMajor = [60, 62, 64, 65, 67, 69, 71, 72];
        int[] fSharpMajor = [66, 68, 70, 71, 73, 75, 77, 78];
        var notes = cMajor.Select((p, i) => SongFile.Beats(p, i, i + 1))
            .Concat(fSharpMajor.Select((p, i) => SongFile.Beats(p, 8 + i, 9 + i))).ToArray();
        var m = Measure(notes);
        Assert.Equal(1.0, m["key_change_rate"]); // one window pair, keys differ
        var twice = cMajor.Concat(cMajor).Select((p, i) => SongFile.Beats(p, i, i + 1)).ToArray();
        Assert.Equal(0.0, Measure(twice)["key_change_rate"]);
        Assert.Equal("C major", Measure(twice).Key);
        Assert.Equal("F# major", SongMetricsCalculator.Compute(SongFile.Of(fSharpMajor.Select((p, i) => SongFile.Beats(p, i, i + 1)).ToArray())).Key);
    }

    [Fact]
    public void Repeated_ngrams_count_positions_whose_ngram_recurs()
    {
        Assert.Equal(0.4, StructureMetrics.RepeatedNgramShare([2, 2, 1, 2, 2, 2, 1, 2]));
        Assert.Null(StructureMetrics.RepeatedNgramShare([1, 2, 3]));
        Assert.Equal(1.0, StructureMetrics.RepeatedNgramShare([5, 5, 5, 5, 5]));
    }

    [Fact]
    public void Ioi_entropy_and_onsets_on_the_16th_grid()
    {
        // IOIs: 1, 1, 0.5, 0.5 beats → two values twice each = 1 bit. Onset 3.3 is off the grid (0.05 beats from 3.25).
        var m = Measure(SongFile.Beats(60, 0, 1), SongFile.Beats(60, 1, 2), SongFile.Beats(60, 2, 2.5), SongFile.Beats(60, 2.5, 3), SongFile.Beats(60, 3, 3.3));
        Assert.Equal(1.0, m["ioi_entropy"]!.Value, 12);
        Assert.Equal(1.0, m["on_grid_rate"]);
        var off = Measure(SongFile.Beats(60, 0.25, 1), new SongFile.Note(62, (long)(3.3 * SongFile.Tpq), 2000));
        Assert.Equal(0.5, off["on_grid_rate"]);
    }

    [Fact]
    public void Scale_consistency_is_the_best_of_24_scales()
    {
        // C D E F G A B plus C#: 7 of 8 notes fit C major (and its relatives); nothing fits all 8.
        int[] pitches = [60, 62, 64, 65, 67, 69, 71, 61];
        var m = Measure(pitches.Select((p, i) => SongFile.Beats(p, i, i + 1)).ToArray());
        Assert.Equal(7.0 / 8, m["scale_consistency"]!.Value, 12);
    }
}
