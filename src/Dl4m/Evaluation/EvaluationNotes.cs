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
        var edges = new List<NoteEdge>();
        var ons = new List<NoteEdge>();
        for (int t = 0; t < file.Tracks.Count; t++)
        {
            var tempo = file.Format == 2 ? TempoMap.ForTrack(file, t) : fileTempo;
            var events = CollectionsMarshal.AsSpan(file.Tracks[t].Events);
            edges.Clear();
            foreach (ref readonly var e in events)
            {
                if (e.Type is not (MidiEventType.NoteOn or MidiEventType.NoteOff)) continue;
                if (e.Channel == DrumChannel)
                {
                    if (e.IsNoteOn) drumNotes++;
                    continue;
                }
                edges.Add(new NoteEdge(e.Channel * 128 + e.Data1, edges.Count, e.Tick, e.IsNoteOn ? e.Data2 : 0));
            }
            // Group by (channel, pitch) keeping file order, then pair each note-off with the oldest open note-on:
            // O(n log n) whatever the file, even with thousands of notes left hanging.
            // Sorting primitive keys (slot, then order) is much cheaper than a comparison delegate.
            var sortKeys = new long[edges.Count];
            for (int k = 0; k < sortKeys.Length; k++) sortKeys[k] = ((long)edges[k].Slot << 32) | (uint)edges[k].Order;
            sortKeys.AsSpan().Sort(CollectionsMarshal.AsSpan(edges));
            long trackEnd = events.Length > 0 ? events[^1].Tick : 0;
            for (int i = 0; i < edges.Count;)
            {
                int slot = edges[i].Slot, head = 0;
                ons.Clear();
                for (; i < edges.Count && edges[i].Slot == slot; i++)
                {
                    if (edges[i].Velocity > 0) ons.Add(edges[i]);
                    else if (head < ons.Count)
                    {
                        var on = ons[head++];
                        notes.Add(Note(slot % 128, on.Velocity, on.Tick, edges[i].Tick, tempo));
                    }
                }
                for (; head < ons.Count; head++)
                    notes.Add(Note(slot % 128, ons[head].Velocity, ons[head].Tick, Math.Max(ons[head].Tick, trackEnd), tempo));
            }
        }
        return new EvaluationSong(notes, BarGrid.FromFile(file, fileTempo), drumNotes);
    }

    /// <summary>A note-on (velocity above 0) or note-off (velocity 0) of one track, with its place in the track.</summary>
    private readonly record struct NoteEdge(int Slot, int Order, long Tick, int Velocity);

    private static EvaluationNote Note(int pitch, int velocity, long on, long off, TempoMap tempo) =>
        new(pitch, velocity, on, off, tempo.Beats(on), tempo.Beats(off), tempo.Seconds(on), tempo.Seconds(off));
}
