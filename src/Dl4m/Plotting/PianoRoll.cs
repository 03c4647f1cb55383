using Dl4m.Data;
using Dl4m.Generation;
using Dl4m.Midi;
using ScottPlot;

namespace Dl4m.Plotting;

/// <summary>Piano-roll figures: time across, pitch up, one bar per note coloured by velocity (viridis, dark = soft).</summary>
public static class PianoRoll
{
    /// <summary>The piano roll of generated notes.</summary>
    public static Figure Create(IReadOnlyList<GeneratedNote> notes, string title)
    {
        var figure = new Figure(title + " (colour: velocity, dark = soft)", "time (s)", "MIDI note");
        var colormap = new ScottPlot.Colormaps.Viridis();
        foreach (var n in notes)
        {
            var rect = figure.Plot.Add.Rectangle(n.StartSeconds, n.StartSeconds + n.DurationSeconds, n.Note - 0.4, n.Note + 0.4);
            rect.FillColor = colormap.GetColor(n.Velocity / 127.0);
            rect.LineWidth = 0;
        }
        if (notes.Count > 0)
        {
            double end = notes.Max(n => n.StartSeconds + n.DurationSeconds);
            figure.SetLimits(0, Math.Max(end, 1), notes.Min(n => n.Note) - 2, notes.Max(n => n.Note) + 2);
        }
        return figure;
    }

    /// <summary>The piano roll of any MIDI file (every channel, drums included), notes as <c>dl4m prepare</c> extracts them.</summary>
    public static Figure Create(MidiFile file, string title) => Create(NotesOf(file), title);

    /// <summary>The notes of a MIDI file with absolute onsets.</summary>
    public static List<GeneratedNote> NotesOf(MidiFile file)
    {
        var events = NoteEventExtractor.ExtractAll(file, includeDrums: true);
        var notes = new List<GeneratedNote>(events.Length);
        double time = 0;
        foreach (var e in events)
        {
            time += e.DeltaSeconds;
            notes.Add(new GeneratedNote((int)e.Note, (int)e.Velocity, time, Math.Max(e.DurationSeconds, 0.01)));
        }
        return notes;
    }
}
