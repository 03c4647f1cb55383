namespace Dl4m.Generation;

/// <summary>One song written by <see cref="SongWriter.Run"/>.</summary>
/// <param name="Midi">Path of the MIDI file.</param>
/// <param name="Png">Path of the piano roll, or null.</param>
/// <param name="Wav">Path of the WAV, or null.</param>
/// <param name="Seed">Seed of this song.</param>
/// <param name="PrimerSource">Where the primer came from ("dataset song N: path" or the primer file).</param>
/// <param name="Song">The generated song.</param>
public sealed record GeneratedFile(string Midi, string? Png, string? Wav, int Seed, string PrimerSource, GeneratedSong Song)
{
    /// <summary>The model family that wrote the song.</summary>
    public Training.ModelKind Family { get; init; } = Training.ModelKind.Original;

    /// <summary>The temperature used (the given one or the model family's default).</summary>
    public double Temperature { get; init; }

    /// <summary>Categorical models: the label the song was conditioned on, or null for none.</summary>
    public string? Label { get; init; }

    /// <summary>Categorical models: where the song's tempo came from (<see cref="TempoSources"/>); null for original models (they write --bpm or 120).</summary>
    public string? TempoSource { get; init; }
}
