using Dl4m.Midi;
using Dl4m.Music;
using ScottPlot;

namespace Dl4m.Plotting;

/// <summary>Piano-roll figures: time across, pitch up, one bar per note coloured by velocity (viridis, dark = soft).</summary>
public static class PianoRoll
{
    /// <summary>Shortest bar drawn, in seconds, so a zero-length note still shows.</summary>
    public const double MinimumSeconds = 0.01;

    /// <summary>The piano roll of notes.</summary>
    public static Figure Create(IReadOnlyList<Note> notes, string title)
    {
        var figure = new Figure(title + " (colour: velocity, dark = soft)", "time (s)", "MIDI note");
        var colormap = new ScottPlot.Colormaps.Viridis();
        foreach (var n in notes)
        {
            var rect = figure.Plot.Add.Rectangle(n.StartSeconds, n.StartSeconds + Math.Max(n.DurationSeconds, MinimumSeconds), n.Pitch - 0.4, n.Pitch + 0.4);
            rect.FillColor = colormap.GetColor(n.Velocity / 127.0);
            rect.LineWidth = 0;
        }
        if (notes.Count > 0)
        {
            double end = notes.Max(n => n.StartSeconds + n.DurationSeconds);
            figure.SetLimits(0, Math.Max(end, 1), notes.Min(n => n.Pitch) - 2, notes.Max(n => n.Pitch) + 2);
        }
        return figure;
    }

    /// <summary>The piano roll of any MIDI file (every channel, drums included; see <see cref="MidiNotes.Read"/>).</summary>
    public static Figure Create(MidiFile file, string title) => Create(NotesOf(file), title);

    /// <summary>The notes of a MIDI file with absolute onsets (<see cref="MidiNotes.Read"/>).</summary>
    public static List<Note> NotesOf(MidiFile file) => MidiNotes.Read(file);
}
