namespace Dl4m.Midi;

/// <summary>A Standard MIDI File in memory: header fields, tracks, and what lenient reading had to repair.</summary>
public sealed class MidiFile
{
    /// <summary>Creates a file from its parts.</summary>
    public MidiFile(int format, TimeDivision division, List<MidiTrack> tracks, List<MidiWarning>? warnings = null)
    {
        Format = format;
        Division = division;
        Tracks = tracks;
        Warnings = warnings ?? [];
    }

    /// <summary>0 (one track), 1 (simultaneous tracks) or 2 (independent sequences).</summary>
    public int Format { get; }

    /// <summary>The header's time division.</summary>
    public TimeDivision Division { get; }

    /// <summary>The tracks, in file order.</summary>
    public List<MidiTrack> Tracks { get; }

    /// <summary>Problems that lenient reading skipped over; empty for a clean file.</summary>
    public List<MidiWarning> Warnings { get; }

    /// <summary>True when lenient reading had to skip or repair anything.</summary>
    public bool WasSalvaged => Warnings.Count > 0;
}
