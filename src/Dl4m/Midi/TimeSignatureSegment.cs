namespace Dl4m.Midi;

/// <summary>A stretch of a <see cref="TimeSignatureMap"/>: one time signature, from its tick until the next one.</summary>
/// <param name="Tick">Where the signature starts (a bar starts here).</param>
/// <param name="StartBeats">The same point in quarter-note beats.</param>
/// <param name="Numerator">Beats per bar.</param>
/// <param name="DenominatorPower">The beat unit as a power of two (2 = quarter note, 3 = eighth).</param>
public readonly record struct TimeSignatureSegment(long Tick, double StartBeats, int Numerator, int DenominatorPower)
{
    /// <summary>Bar length in quarter-note beats: numerator × 4 / denominator (4 for 4/4, 3 for 6/8).</summary>
    public double BarBeats => Numerator * 4.0 / (1 << DenominatorPower);

    /// <summary>"6/8".</summary>
    public string Text => $"{Numerator}/{1 << DenominatorPower}";
}
