namespace Dl4m.Evaluation;

/// <summary>
/// One sounding note as the metrics see it: pitch, velocity, and its span in ticks, quarter-note beats and seconds.
/// The end comes from the matching note-off (or the end of the track when none comes).
/// </summary>
/// <param name="Pitch">MIDI note number 0–127.</param>
/// <param name="Velocity">Note-on velocity 1–127.</param>
/// <param name="OnsetTick">Absolute tick of the note-on.</param>
/// <param name="EndTick">Absolute tick of the note-off (never before the onset).</param>
/// <param name="OnsetBeats">Onset in quarter-note beats from the start of the file.</param>
/// <param name="EndBeats">End in quarter-note beats.</param>
/// <param name="OnsetSeconds">Onset in seconds, through the tempo map.</param>
/// <param name="EndSeconds">End in seconds.</param>
public readonly record struct EvaluationNote(
    int Pitch, int Velocity, long OnsetTick, long EndTick,
    double OnsetBeats, double EndBeats, double OnsetSeconds, double EndSeconds)
{
    /// <summary>Duration in quarter-note beats.</summary>
    public double DurationBeats => EndBeats - OnsetBeats;

    /// <summary>Duration in seconds.</summary>
    public double DurationSeconds => EndSeconds - OnsetSeconds;
}
