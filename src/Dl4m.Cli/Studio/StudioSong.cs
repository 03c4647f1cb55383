namespace Dl4m.Cli.Studio;

/// <summary>A generated song as the page draws, plays and downloads it.</summary>
/// <param name="Id">Song id (names the download URLs).</param>
/// <param name="Midi">URL of the MIDI file.</param>
/// <param name="Wav">URL of FluidSynth's WAV, or null when FluidSynth is not installed (the page renders its own).</param>
/// <param name="Notes">Every note of the written MIDI file as [pitch, velocity, start seconds, duration seconds], in onset order.</param>
/// <param name="Seconds">Length of the song.</param>
/// <param name="Seed">Seed used (the given one or the random one drawn).</param>
/// <param name="Primer">Where the primer came from.</param>
/// <param name="Model">Model name (folder or "built-in").</param>
/// <param name="Label">Label the song was conditioned on, or null.</param>
/// <param name="Temperature">Temperature used.</param>
/// <param name="Key">Key the song was moved to ("D major → G major"), or null.</param>
/// <param name="GenerationMs">Time of the generation loop itself.</param>
/// <param name="Tempo">The written tempo and where it came from ("112 bpm (primer)"), or null for an original model without --bpm.</param>
public sealed record StudioSong(
    string Id, string Midi, string? Wav, double[][] Notes, double Seconds, int Seed, string Primer, string Model,
    string? Label, double Temperature, string? Key, double GenerationMs, string? Tempo);
