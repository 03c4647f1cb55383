using Dl4m.Categorical;

namespace Dl4m.Generation;

/// <summary>
/// The tempo and bar of a song written on the beat grid (categorical models): onsets in grid steps become seconds
/// at <see cref="Bpm"/>, and the MIDI file gets this tempo and a time signature of <see cref="BarSteps"/>, so its
/// onsets land on its own beat grid.
/// </summary>
/// <param name="Bpm">Quarter notes per minute, 10–400.</param>
/// <param name="BarSteps">Bar length in grid steps of 1/<see cref="BeatGrid.StepsPerBeat"/> beat (48 = 4/4).</param>
public sealed record SongMeter(double Bpm, int BarSteps = BeatTokens.DefaultBarSteps)
{
    /// <summary>Seconds of one grid step at <see cref="Bpm"/>.</summary>
    public double SecondsPerStep => 60.0 / (Bpm * BeatGrid.StepsPerBeat);

    /// <summary>Bar length in quarter-note beats.</summary>
    public double BarBeats => BarSteps / (double)BeatGrid.StepsPerBeat;

    /// <summary>
    /// The MIDI time signature of the bar: n/4 for whole beats, n/8 for half beats (6/8 = 3 beats), n/16 for
    /// quarter beats; 4/4 for a bar that is none of these (e.g. a bar of 1⅓ beats).
    /// </summary>
    public (int Numerator, int Denominator) TimeSignature
    {
        get
        {
            const int perEighth = BeatGrid.StepsPerBeat / 2, perSixteenth = BeatGrid.StepsPerBeat / 4;
            if (BarSteps > 0 && BarSteps % BeatGrid.StepsPerBeat == 0 && BarSteps / BeatGrid.StepsPerBeat <= 255) return (BarSteps / BeatGrid.StepsPerBeat, 4);
            if (BarSteps > 0 && BarSteps % perEighth == 0 && BarSteps / perEighth <= 255) return (BarSteps / perEighth, 8);
            if (BarSteps > 0 && BarSteps % perSixteenth == 0 && BarSteps / perSixteenth <= 255) return (BarSteps / perSixteenth, 16);
            return (4, 4);
        }
    }
}
