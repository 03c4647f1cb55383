using Dl4m.IO;
using Dl4m.Midi;
using Dl4m.Plotting;

namespace Dl4m.Generation;

/// <summary>Writes song k of a request: moved to the requested key, then MIDI, piano roll and audio.</summary>
internal sealed class SongOutput(GenerationRequest request, (string Midi, string Png, string Wav)[] paths, bool wav)
{
    public GeneratedFile Write(int k, GeneratedSong song, int seed, string primerSource)
    {
        if (request.Key is { } key) song = song.InKey(key);
        var (midi, png, wavPath) = paths[k];
        // a categorical song carries its tempo and bar (its onsets are grid steps at that tempo); a seed song takes --bpm
        var meter = song.Meter ?? new SongMeter(request.Bpm ?? SongMidi.DefaultBpm);
        // Through the one output rule: refused if the file appeared since the check up front (unless Force), written atomically.
        OutputFile.WriteAllBytes(midi, MidiWriter.Write(SongMidi.Create(song.Notes, meter.Bpm, request.Program, meter.TimeSignature)), request.Force, "MIDI file");
        if (request.Png) OutputFile.WriteAllBytes(png, PianoRoll.Create(song.Notes, Path.GetFileName(midi)).RenderPng(), request.Force, "piano roll");
        if (wav) FluidSynthRenderer.Render(midi, wavPath);
        return new GeneratedFile(midi, request.Png ? png : null, wav ? wavPath : null, seed, primerSource, song);
    }
}
