namespace Dl4m.Midi;

/// <summary>A time-signature event in a <see cref="MidiFileSummary"/>.</summary>
/// <param name="Tick">Where it is.</param>
/// <param name="Seconds">The same point in seconds.</param>
/// <param name="Numerator">Beats per bar.</param>
/// <param name="Denominator">Beat unit (4 = quarter note).</param>
/// <param name="Track">Track holding the event.</param>
public sealed record MidiTimeSignature(long Tick, double Seconds, int Numerator, int Denominator, int Track)
{
    /// <summary>"6/8".</summary>
    public string Text => $"{Numerator}/{Denominator}";
}
