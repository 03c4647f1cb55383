namespace Dl4m.Midi;

/// <summary>One track in a <see cref="MidiFileSummary"/>.</summary>
/// <param name="Index">Track number, from 0 in file order.</param>
/// <param name="Name">The first track-name meta event's text, or null.</param>
/// <param name="Events">Events in the track (end-of-track included).</param>
/// <param name="NoteOns">Note-ons with velocity above 0.</param>
public sealed record MidiTrackSummary(int Index, string? Name, int Events, int NoteOns);
