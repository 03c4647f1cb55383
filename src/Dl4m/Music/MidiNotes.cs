using System.Runtime.InteropServices;
using Dl4m.Midi;

namespace Dl4m.Music;

/// <summary>The notes of a whole MIDI file in seconds, every channel (drums too), paired by <see cref="NotePairing"/>.</summary>
public static class MidiNotes
{
    /// <summary>
    /// Every note of <paramref name="file"/>, by onset (ties in track order, then file order). Formats 0 and 1 share one
    /// tempo map built from all tracks; format 2 plays each track with its own tempo map after the previous one ends, as
    /// <c>dl4m prepare</c> reads it.
    /// </summary>
    public static List<Note> Read(MidiFile file)
    {
        var notes = new List<Note>();
        var pairing = new NotePairing();
        var sharedTempo = file.Format == 2 ? null : TempoMap.FromFile(file);
        var ends = new NoteEnd[0];
        double offset = 0;
        for (int t = 0; t < file.Tracks.Count; t++)
        {
            var tempo = sharedTempo ?? TempoMap.ForTrack(file, t);
            var events = CollectionsMarshal.AsSpan(file.Tracks[t].Events);
            if (ends.Length < events.Length) ends = new NoteEnd[events.Length];
            pairing.PairTrack(events, ends);
            for (int i = 0; i < events.Length; i++)
            {
                if (!events[i].IsNoteOn) continue;
                double start = tempo.Seconds(events[i].Tick);
                notes.Add(new Note(events[i].Data1, events[i].Data2, offset + start, tempo.Seconds(ends[i].Tick) - start));
            }
            if (sharedTempo is null && events.Length > 0) offset += tempo.Seconds(events[^1].Tick);
        }
        return [.. notes.OrderBy(n => n.StartSeconds)]; // stable: equal onsets keep track and file order
    }
}
