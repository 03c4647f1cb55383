using System.Runtime.InteropServices;
using Dl4m.Midi;

namespace Dl4m.Evaluation;

/// <summary>
/// Extracts the notes the metrics use from a <see cref="MidiFile"/>: every note-on (velocity above 0) of every
/// channel except channel 10 (index 9, drums), paired first-in-first-out with the next note-off of the same
/// track, channel and pitch. A note never switched off ends at its track's last event. Times go through the
/// file's <see cref="TempoMap"/> (per track for format 2). Kept apart from the dataset's extraction on purpose:
/// the metrics need durations and bar lines, nothing else.
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
        int drumNotes = 0;
        // Open notes per (channel, pitch): onset tick and velocity, oldest first.
        var open = new Queue<(long Tick, int Velocity)>?[16 * 128];
        for (int t = 0; t < file.Tracks.Count; t++)
        {
            var tempo = file.Format == 2 ? TempoMap.ForTrack(file, t) : fileTempo;
            var events = CollectionsMarshal.AsSpan(file.Tracks[t].Events);
            foreach (ref readonly var e in events)
            {
                if (e.Type is not (MidiEventType.NoteOn or MidiEventType.NoteOff)) continue;
                if (e.Channel == DrumChannel)
                {
                    if (e.IsNoteOn) drumNotes++;
                    continue;
                }
                int slot = e.Channel * 128 + e.Data1;
                if (e.IsNoteOn)
                {
                    (open[slot] ??= new Queue<(long, int)>()).Enqueue((e.Tick, e.Data2));
                }
                else if (open[slot] is { Count: > 0 } queue)
                {
                    var (onTick, velocity) = queue.Dequeue();
                    notes.Add(Note(e.Data1, velocity, onTick, e.Tick, tempo));
                }
            }
            long trackEnd = events.Length > 0 ? events[^1].Tick : 0;
            for (int slot = 0; slot < open.Length; slot++)
            {
                if (open[slot] is not { Count: > 0 } queue) continue;
                while (queue.Count > 0)
                {
                    var (onTick, velocity) = queue.Dequeue();
                    notes.Add(Note(slot % 128, velocity, onTick, Math.Max(onTick, trackEnd), tempo));
                }
            }
        }
        return new EvaluationSong(notes, BarGrid.FromFile(file, fileTempo), drumNotes);
    }

    private static EvaluationNote Note(int pitch, int velocity, long on, long off, TempoMap tempo) =>
        new(pitch, velocity, on, off, tempo.Beats(on), tempo.Beats(off), tempo.Seconds(on), tempo.Seconds(off));
}
