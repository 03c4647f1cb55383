using Dl4m.Music;

namespace Dl4m.Generation;

/// <summary>Everything one <c>dl4m generate</c> call asks for: the model, the primer source, the song options and the files to write.</summary>
public sealed record GenerationRequest
{
    /// <summary>Model folder written by <c>dl4m train</c>; null: the <see cref="BuiltInModel"/>.</summary>
    public string? ModelFolder { get; init; }

    /// <summary>MIDI file to write (with <see cref="Count"/> above 1: NAME-1.mid, NAME-2.mid, …).</summary>
    public required string Output { get; init; }

    /// <summary>Dataset folder for the primer, the residual noise and corpus durations (null: the one in train.json, if it still exists).</summary>
    public string? DataFolder { get; init; }

    /// <summary>Dataset song of the primer (null: a random validation song).</summary>
    public int? Song { get; init; }

    /// <summary>A MIDI file whose first events are the primer (instead of a dataset song).</summary>
    public string? PrimerFile { get; init; }

    /// <summary>Song options; <see cref="GenerationOptions.Seed"/> is the seed of the first song, song k uses seed + k − 1.</summary>
    public GenerationOptions Options { get; init; } = new();

    /// <summary>
    /// Tempo of the written file (--bpm). Null: original models write 120 bpm; categorical models the primer song's median
    /// tempo, else the training corpus' median (encoding.json).
    /// </summary>
    public double? Bpm { get; init; }

    /// <summary>General MIDI program 0–127.</summary>
    public int Program { get; init; }

    /// <summary>Also write a piano-roll PNG beside each MIDI file.</summary>
    public bool Png { get; init; }

    /// <summary>Also render a WAV beside each MIDI file with FluidSynth (skipped, with a message, when it is not installed).</summary>
    public bool Wav { get; init; }

    /// <summary>Songs to write (in parallel).</summary>
    public int Count { get; init; } = 1;

    /// <summary>Categorical models with labels: the label to condition on (null: the primer song's label).</summary>
    public string? Label { get; init; }

    /// <summary>Move each song to this key after generating it (or to its relative key when the modes differ; see <see cref="SongKey.Transpose"/>).</summary>
    public MusicalKey? Key { get; init; }

    /// <summary>Replace existing output files.</summary>
    public bool Force { get; init; }

    /// <summary>
    /// Transformer models: how the cached steps store the kernels (<see cref="Nn.Transformer.CachedWeightFormat"/>):
    /// fp32 (the default) or bf16, about twice as fast per step with slightly different logits (docs/transformer.md).
    /// Other models refuse bf16.
    /// </summary>
    public Nn.Transformer.CachedWeightFormat CachedWeights { get; init; }

    /// <summary>Throws unless <see cref="CachedWeights"/> is fp32: for the families without a key/value cache.</summary>
    internal void RefuseReducedWeights()
    {
        if (CachedWeights != Nn.Transformer.CachedWeightFormat.Fp32)
            throw new Dl4mException($"GenerationRequest.CachedWeights {CachedWeights.ToString().ToLowerInvariant()}: only transformer models have cached steps with reduced-precision weights", "GenerationRequest.CachedWeights");
    }
}
