namespace Dl4m.Data.Retiming;

/// <summary>What <see cref="MidiRetimer"/> did to one file (listed in the output folder's retime.json).</summary>
/// <param name="Path">The file, relative to the source folder.</param>
/// <param name="Ppq">Ticks per quarter note written (null under SMPTE division).</param>
/// <param name="SourcePpq">Ticks per quarter note of the source (null under SMPTE division).</param>
/// <param name="Tempo">"keep", "constant" or "rubato"; "keep" also for SMPTE files, whose clock tempo does not drive.</param>
/// <param name="Bpm">The constant tempo, or rubato's base tempo; null when kept.</param>
/// <param name="MinBpm">Slowest tempo written; null when kept.</param>
/// <param name="MaxBpm">Fastest tempo written; null when kept.</param>
/// <param name="TempoEvents">Set-tempo events written; null when kept.</param>
/// <param name="Transpose">Semitones every non-drum note moved (before clamping into 0–127).</param>
public sealed record RetimeChoice(string Path, int? Ppq, int? SourcePpq, string Tempo, double? Bpm, double? MinBpm, double? MaxBpm, int? TempoEvents, int Transpose);
