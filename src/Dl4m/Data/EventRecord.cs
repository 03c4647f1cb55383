using System.Runtime.InteropServices;

namespace Dl4m.Data;

/// <summary>
/// One note-on of the dataset, exactly as stored in the event file (40 bytes, little-endian, no padding
/// between fields). Pitch and velocity are stored as floats so that training can read records straight
/// into its input tensors. See <see cref="DatasetFormat"/> for the file around the records.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1, Size = DatasetFormat.RecordSize)]
public struct EventRecord
{
    /// <summary>MIDI note number 0–127.</summary>
    public float Note;

    /// <summary>Note-on velocity 1–127.</summary>
    public float Velocity;

    /// <summary>Seconds since the previous kept note-on of the song (0 for the song's first event and for chords).</summary>
    public float DeltaSeconds;

    /// <summary>Seconds until the matching note-off (or until the end of the song for a note never released).</summary>
    public float DurationSeconds;

    /// <summary>Quarter-note beats since the previous kept note-on (0 for the song's first event).</summary>
    public float DeltaBeats;

    /// <summary>Quarter-note beats until the matching note-off (ticks over ticks-per-quarter: the same whatever the tempo map).</summary>
    public float DurationBeats;

    /// <summary>Quarter-note beats from the start of the bar holding the note-on (bars from the time signatures; 4/4 when none).</summary>
    public float BarPosition;

    /// <summary>Length in quarter-note beats of the bar holding the note-on (4 for 4/4, 3 for 3/4 and 6/8).</summary>
    public float BarLength;

    /// <summary>Tempo at the note-on in quarter notes per minute (120 when the file sets none).</summary>
    public float Bpm;

    /// <summary>The channel's program (General MIDI instrument 0–127) when the note started; 0 if never set.</summary>
    public byte Program;

    /// <summary>MIDI channel 0–15 (9 is General MIDI drums, kept only with drums included).</summary>
    public byte Channel;

    /// <summary>Bit flags, see <see cref="EventFlags"/>.</summary>
    public byte Flags;

    /// <summary>Always 0; keeps records 4-byte aligned and leaves room for a later field.</summary>
    public byte Reserved;
}
