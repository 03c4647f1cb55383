using System.Text.Json;
using Dl4m.Evaluation;
using Dl4m.Midi;

namespace Dl4m.Tests.Evaluation;

/// <summary>Inputs with nothing (or almost nothing) to measure: defined values or n/a, never a crash or NaN.</summary>
public sealed class EdgeCaseTests
{
    private static readonly string[] Counts = ["n_pitches_used", "n_pitch_classes_used"];

    private static void AssertNoNotes(SongMetrics m)
    {
        Assert.Equal(0, m.NoteCount);
        Assert.Null(m.Key);
        for (int i = 0; i < MetricCatalog.Count; i++)
        {
            var key = MetricCatalog.All[i].Key;
            if (Counts.Contains(key)) Assert.Equal(0, m.Values[i]);
            else Assert.True(m.Values[i] is null, $"{key} should be n/a, is {m.Values[i]}");
        }
    }

    [Fact]
    public void A_file_without_tracks_or_notes_gives_counts_of_zero_and_na_elsewhere()
    {
        AssertNoNotes(SongMetricsCalculator.Compute(new MidiFile(1, TimeDivision.Ppq(96), [])));
        AssertNoNotes(SongMetricsCalculator.Compute(new MidiFile(1, TimeDivision.Ppq(96), [new MidiTrack()])));
    }

    [Fact]
    public void A_drum_only_file_is_measured_as_having_no_notes()
    {
        var m = SongMetricsCalculator.Compute(SongFile.Of(new SongFile.Note(36, 0, 100, Channel: 9), new SongFile.Note(38, 480, 580, Channel: 9)));
        AssertNoNotes(m);
        Assert.Equal(2, m.DrumNoteCount);
    }

    [Fact]
    public void A_one_note_file_has_defined_values_where_one_note_suffices()
    {
        var m = SongMetricsCalculator.Compute(SongFile.Of(SongFile.Beats(69, 0, 1)));
        Assert.Equal(0, m["pitch_range"]);
        Assert.Equal(0, m["pitch_entropy"]);
        Assert.Equal(1, m["scale_consistency"]);
        Assert.Equal(1, m["polyphony"]);
        Assert.Equal(0, m["polyphony_rate"]);
        Assert.Equal(0, m["empty_beat_rate"]);
        Assert.Equal(0, m["chord_onset_rate"]);
        Assert.Equal("A major", m.Key); // a lone tonic: the major profile weights its tonic highest after standardising
        foreach (var na in new[] { "groove_consistency", "key_change_rate", "repeated_interval_ngrams", "repeated_rhythm_ngrams", "bar_self_similarity", "ioi_entropy" })
            Assert.Null(m[na]);
    }

    [Fact]
    public void A_zero_length_note_has_no_polyphony_but_fills_its_beat()
    {
        var m = SongMetricsCalculator.Compute(SongFile.Of(new SongFile.Note(60, 0, 0)));
        Assert.Null(m["polyphony"]);
        Assert.Null(m["polyphony_rate"]);
        Assert.Equal(0, m["empty_beat_rate"]);
    }

    [Fact]
    public void A_note_a_billion_ticks_out_neither_allocates_nor_crashes()
    {
        var m = SongMetricsCalculator.Compute(SongFile.Of(SongFile.Beats(60, 0, 1), new SongFile.Note(62, 2_000_000_000, 2_000_000_480)));
        Assert.True(m["empty_beat_rate"] > 0.99);
        Assert.Null(m["groove_consistency"]);
        Assert.Null(m["bar_self_similarity"]);
    }

    [Fact]
    public void Empty_sets_summarise_and_compare_to_na()
    {
        var empty = new EvaluatedSet("empty", []);
        var one = new EvaluatedSet("one", [new EvaluatedFile("x.mid", SongMetricsCalculator.Compute(SongFile.Of(SongFile.Beats(60, 0, 1))), null)]);
        foreach (var (a, b) in new[] { (empty, empty), (empty, one), (one, empty), (one, one) })
        {
            var comparison = SetComparison.Compare(a, b);
            Assert.All(comparison.Metrics, c => Assert.Null(c.OverlapArea)); // fewer than 2 intra-set distances
            string report = EvaluationReport.Markdown(a, b, comparison);
            Assert.DoesNotContain("NaN", report);
            Assert.Contains("n/a", report);
        }
        Assert.Equal(new MetricSummary(0, 0, null, null), empty.Summary(0));
        Assert.Null(empty.PooledPitchClassShares());
    }

    [Fact]
    public void Unreadable_files_are_listed_and_left_out()
    {
        string folder = Directory.CreateTempSubdirectory("dl4m-eval-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "broken.mid"), "not a midi file");
            SongFile.Write(folder, "ok.mid", SongFile.Of(SongFile.Beats(60, 0, 1), SongFile.Beats(64, 1, 2)));
            var set = EvaluatedSet.Evaluate(folder, EvaluatedSet.FindFiles(folder), threads: 2);
            Assert.Equal(2, set.Files.Count);
            Assert.Single(set.Songs);
            Assert.Contains("broken.mid", set.Files[0].Error);
            Assert.Throws<Dl4mException>(() => EvaluatedSet.FindFiles(Path.Combine(folder, "missing")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Metric_values_serialise_without_nan()
    {
        var m = SongMetricsCalculator.Compute(new MidiFile(1, TimeDivision.Ppq(96), []));
        string json = JsonSerializer.Serialize(Enumerable.Range(0, MetricCatalog.Count).ToDictionary(i => MetricCatalog.All[i].Key, i => m.Values[i]));
        Assert.DoesNotContain("NaN", json);
        Assert.Contains("\"polyphony\":null", json);
    }
}
