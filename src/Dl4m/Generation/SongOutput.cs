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
        MidiWriter.WriteFile(SongMidi.Create(song.Notes, meter.Bpm, request.Program, meter.TimeSignature), midi);
        if (request.Png) PianoRoll.Create(song.Notes, Path.GetFileName(midi)).SavePng(png);
        if (wav) FluidSynthRenderer.Render(midi, wavPath);
        return new GeneratedFile(midi, request.Png ? png : null, wav ? wavPath : null, seed, primerSource, song);
    }
}
