using Dl4m.Midi;
using Dl4m.Music;

namespace Dl4m.Evaluation;

/// <summary>Computes every per-song metric of <see cref="MetricCatalog"/> (all but the reference-relative one).</summary>
public static class SongMetricsCalculator
{
    /// <summary>The metrics of a MIDI file.</summary>
    public static SongMetrics Compute(MidiFile file) => Compute(EvaluationNotes.Extract(file));

    /// <summary>The metrics of a song's notes.</summary>
    public static SongMetrics Compute(EvaluationSong song)
    {
        var notes = song.Notes;
        var values = new double?[MetricCatalog.Count];
        var pitchCounts = PitchMetrics.PitchCounts(notes);
        var pitchClassCounts = PitchMetrics.PitchClassCounts(notes);

        values[MetricCatalog.PitchRange] = PitchMetrics.PitchRange(notes);
        values[MetricCatalog.PitchesUsed] = PitchMetrics.Used(pitchCounts);
        values[MetricCatalog.PitchClassesUsed] = PitchMetrics.Used(pitchClassCounts);
        (values[MetricCatalog.Polyphony], values[MetricCatalog.PolyphonyRate]) = TextureMetrics.Polyphony(notes);
        values[MetricCatalog.PitchEntropy] = Entropy.Bits(pitchCounts);
        values[MetricCatalog.PitchClassEntropy] = Entropy.Bits(pitchClassCounts);
        values[MetricCatalog.ScaleConsistency] = PitchMetrics.ScaleConsistency(pitchClassCounts);
        values[MetricCatalog.EmptyBeatRate] = TextureMetrics.EmptyBeatRate(notes);

        var onsets = RhythmMetrics.DistinctOnsetBeats(notes);
        var iois = RhythmMetrics.QuantisedIois(onsets);
        values[MetricCatalog.GrooveConsistency] = RhythmMetrics.GrooveConsistency(onsets, song.Bars);

        string? key = null;
        if (KeyEstimator.Estimate(KeyMetrics.Weights(notes)) is { } estimate)
        {
            key = KeyEstimator.Name(estimate.Key);
            values[MetricCatalog.KeyClarity] = estimate.Correlation;
        }
        values[MetricCatalog.KeyChangeRate] = KeyMetrics.KeyChangeRate(notes);

        values[MetricCatalog.RepeatedIntervalNgrams] = StructureMetrics.RepeatedNgramShare(StructureMetrics.Intervals(StructureMetrics.Skyline(notes)));
        values[MetricCatalog.RepeatedRhythmNgrams] = StructureMetrics.RepeatedNgramShare(iois);
        values[MetricCatalog.BarSelfSimilarity] = StructureMetrics.BarSelfSimilarity(notes, song.Bars);

        values[MetricCatalog.IoiEntropy] = RhythmMetrics.IoiEntropy(iois);
        values[MetricCatalog.OnGridRate] = RhythmMetrics.OnGridRate(notes);

        var groups = TextureMetrics.OnsetGroupSizes(notes);
        if (groups.Count > 0)
        {
            values[MetricCatalog.ChordOnsetRate] = (double)groups.Count(g => g >= 3) / groups.Count;
            values[MetricCatalog.NotesPerOnset] = (double)notes.Count / groups.Count;
        }

        // The contract: n/a is null, never NaN or infinity, whatever the input.
        for (int i = 0; i < values.Length; i++)
            if (values[i] is double v && !double.IsFinite(v)) values[i] = null;

        return new SongMetrics(values, notes.Count, song.DrumNoteCount, pitchClassCounts,
            TextureMetrics.ChordSizeCounts(groups), key)
        {
            Pitches = PitchSequence(notes),
        };
    }

    private static byte[] PitchSequence(IReadOnlyList<EvaluationNote> notes)
    {
        var pitches = new byte[notes.Count];
        for (int i = 0; i < pitches.Length; i++) pitches[i] = (byte)notes[i].Pitch;
        return pitches;
    }
}
