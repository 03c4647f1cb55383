using System.Runtime.InteropServices;
using Dl4m.Midi;
using Dl4m.Music;

namespace Dl4m.Evaluation;

/// <summary>
/// Extracts the notes the metrics use from a <see cref="MidiFile"/>: every note of every channel except channel 10
/// (index 9, drums), paired by <see cref="NotePairing"/> (the rule the dataset uses too: within a track, first in first
/// out by channel and pitch; a note never switched off ends at its track's last event). Times go through the file's
/// <see cref="TempoMap"/> (per track for format 2). The metrics need durations and bar lines, nothing of the dataset's
/// events, hence a list of its own.
/// </summary>
public static class EvaluationNotes
{
    /// <summary>General MIDI's drum channel (channel 10, index 9).</summary>
    public const int DrumChannel = 9;

    /// <summary>The song's notes and bar lines.</summary>
    public static EvaluationSong Extract(MidiFile file)
    {
        var fileTempo = TempoMap.FromFile(file);
        var notes = new List<EvaluationNote>();
        var pairing = new NotePairing();
        var ends = new NoteEnd[0];
        int drumNotes = 0;
        for (int t = 0; t < file.Tracks.Count; t++)
        {
            var tempo = file.Format == 2 ? TempoMap.ForTrack(file, t) : fileTempo;
            var events = CollectionsMarshal.AsSpan(file.Tracks[t].Events);
            if (ends.Length < events.Length) ends = new NoteEnd[events.Length];
            pairing.PairTrack(events, ends);
            for (int i = 0; i < events.Length; i++)
            {
                ref readonly var e = ref events[i];
                if (!e.IsNoteOn) continue;
                if (e.Channel == DrumChannel) drumNotes++;
                else notes.Add(Note(e.Data1, e.Data2, e.Tick, ends[i].Tick, tempo));
            }
        }
        return new EvaluationSong(notes, BarGrid.FromFile(file, fileTempo), drumNotes);
    }

    private static EvaluationNote Note(int pitch, int velocity, long on, long off, TempoMap tempo) =>
        new(pitch, velocity, on, off, tempo.Beats(on), tempo.Beats(off), tempo.Seconds(on), tempo.Seconds(off));
}
