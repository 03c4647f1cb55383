namespace Dl4m.Midi;

/// <summary>
/// The header's time division: either ticks per quarter note (PPQ, the common case) or SMPTE
/// frames per second and ticks per frame, where a tick is a fixed fraction of a second and tempo
/// events do not change the clock.
/// </summary>
public readonly record struct TimeDivision
{
    /// <summary>Ticks per quarter note for PPQ division; 0 for SMPTE.</summary>
    public int TicksPerQuarter { get; init; }

    /// <summary>SMPTE frames per second (24, 25, 29 for 29.97 drop-frame, 30); 0 for PPQ.</summary>
    public int SmpteFramesPerSecond { get; init; }

    /// <summary>Ticks per SMPTE frame; 0 for PPQ.</summary>
    public int TicksPerFrame { get; init; }

    /// <summary>True for SMPTE (absolute time) division.</summary>
    public bool IsSmpte => SmpteFramesPerSecond > 0;

    /// <summary>PPQ division with the given ticks per quarter note.</summary>
    public static TimeDivision Ppq(int ticksPerQuarter) => new() { TicksPerQuarter = ticksPerQuarter };

    /// <summary>SMPTE division.</summary>
    public static TimeDivision Smpte(int framesPerSecond, int ticksPerFrame) =>
        new() { SmpteFramesPerSecond = framesPerSecond, TicksPerFrame = ticksPerFrame };

    /// <summary>Seconds per tick under SMPTE division (29 means 29.97 fps).</summary>
    public double SmpteSecondsPerTick =>
        1.0 / ((SmpteFramesPerSecond == 29 ? 29.97 : SmpteFramesPerSecond) * TicksPerFrame);
}
