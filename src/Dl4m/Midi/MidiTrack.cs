namespace Dl4m.Midi;

/// <summary>One MTrk chunk: its events in file order, with absolute ticks.</summary>
public sealed class MidiTrack
{
    /// <summary>Creates a track holding the given events.</summary>
    public MidiTrack(List<MidiEvent> events) => Events = events;

    /// <summary>Creates an empty track.</summary>
    public MidiTrack() : this([]) { }

    /// <summary>The events, in file order (ticks never decrease).</summary>
    public List<MidiEvent> Events { get; }
}
