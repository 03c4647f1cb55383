using System.Globalization;

namespace Dl4m.Midi;

/// <summary>
/// The reader's checks of set-tempo and time-signature events, which the tempo and time-signature maps would
/// otherwise take at face value (a tempo of 0 puts every later note at the same instant). The event stays in
/// the track as it was; <see cref="TempoMap"/> and <see cref="TimeSignatureMap"/> apply the same rules and the
/// fallback, so files built in memory get it too. Here the problem is reported once, with its byte offset:
/// a warning when reading leniently, a <see cref="MidiReadException"/> in strict mode.
/// </summary>
internal static class TimingMetaCheck
{
    /// <summary>Checks one meta event just read; <paramref name="offset"/> is where its FF byte is.</summary>
    public static void Check(byte metaType, ReadOnlySpan<byte> payload, int trackIndex, int offset, MidiProblemSink sink)
    {
        if (metaType == MetaType.SetTempo) CheckTempo(payload, trackIndex, offset, sink);
        else if (metaType == MetaType.TimeSignature) CheckTimeSignature(payload, trackIndex, offset, sink);
    }

    private const string TempoRepair = "ignored: the previous tempo holds (120 bpm at the start)";
    private const string SignatureRepair = "read as 4/4";

    private static void CheckTempo(ReadOnlySpan<byte> p, int trackIndex, int offset, MidiProblemSink sink)
    {
        if (p.Length < 3)
        {
            sink.Report(MidiErrorKind.BadTempo, offset, $"track {trackIndex}: set-tempo with {p.Length} data bytes instead of 3", TempoRepair);
            return;
        }
        int tempo = (p[0] << 16) | (p[1] << 8) | p[2];
        if (TempoMap.IsPlausible(tempo)) return;
        string reason = tempo == 0
            ? $"track {trackIndex}: set-tempo of 0 microseconds per quarter note"
            : string.Create(CultureInfo.InvariantCulture,
                $"track {trackIndex}: set-tempo of {tempo:N0} microseconds per quarter note ({60e6 / tempo:0.##} bpm) is outside {TempoMap.MinBpm}-{TempoMap.MaxBpm} bpm");
        sink.Report(MidiErrorKind.BadTempo, offset, reason, TempoRepair);
    }

    private static void CheckTimeSignature(ReadOnlySpan<byte> p, int trackIndex, int offset, MidiProblemSink sink)
    {
        if (p.Length < 2)
        {
            sink.Report(MidiErrorKind.BadTimeSignature, offset, $"track {trackIndex}: time signature with {p.Length} data bytes instead of 4", SignatureRepair);
            return;
        }
        int numerator = p[0], power = p[1];
        if (TimeSignatureMap.IsPlausible(numerator, power)) return;
        string reason = numerator == 0 ? $"track {trackIndex}: time signature with numerator 0"
            : power > TimeSignatureMap.MaxDenominatorPower ? $"track {trackIndex}: time signature denominator 2^{power} is beyond 64"
            : string.Create(CultureInfo.InvariantCulture,
                $"track {trackIndex}: time signature {numerator}/{1 << power} makes bars of {numerator * 4.0 / (1 << power):0.###} quarter notes, more than {TimeSignatureMap.MaxBarQuarters}");
        sink.Report(MidiErrorKind.BadTimeSignature, offset, reason, SignatureRepair);
    }
}
