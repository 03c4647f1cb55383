using Dl4m.Evaluation;

namespace Dl4m.Tests.Evaluation;

/// <summary>
/// The crude baseline of the corpus test: monophonic songs of uniformly random pitches over the corpus's pitch
/// range, with inter-onset intervals and song lengths drawn from real songs, each note lasting until the next.
/// (The proper random baseline, with the corpus's note and Δtime distributions, is `dl4m baseline`'s job.)
/// </summary>
internal static class RandomNoteSongs
{
    public static List<EvaluationSong> Generate(IReadOnlyList<EvaluationSong> corpus, int count, int seed)
    {
        var withNotes = corpus.Where(s => s.Notes.Count > 0).ToList();
        int lo = withNotes.Min(s => s.Notes.Min(n => n.Pitch)), hi = withNotes.Max(s => s.Notes.Max(n => n.Pitch));
        var iois = new List<double>();
        foreach (var s in withNotes)
        {
            var onsets = RhythmMetrics.DistinctOnsetBeats(s.Notes);
            for (int i = 1; i < onsets.Count; i++) iois.Add(onsets[i] - onsets[i - 1]);
        }
        var random = new Random(seed);
        var songs = new List<EvaluationSong>(count);
        for (int k = 0; k < count; k++)
        {
            int length = withNotes[random.Next(withNotes.Count)].Notes.Count;
            var notes = new List<EvaluationNote>(length);
            double beat = 0;
            for (int i = 0; i < length; i++)
            {
                double ioi = iois[random.Next(iois.Count)];
                long on = (long)Math.Round(beat * 480), off = (long)Math.Round((beat + ioi) * 480);
                // 120 bpm: a beat is half a second.
                notes.Add(new EvaluationNote(random.Next(lo, hi + 1), 80, on, off, on / 480.0, off / 480.0, on / 960.0, off / 960.0));
                beat += ioi;
            }
            songs.Add(new EvaluationSong(notes, BarGrid.Constant(4)));
        }
        return songs;
    }
}
