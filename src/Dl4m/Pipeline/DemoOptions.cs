using Dl4m.Generation;
using Dl4m.Training;

namespace Dl4m.Pipeline;

/// <summary>Sizes of the <c>dl4m demo</c> pipeline (the defaults run in about 10 s on 2 cores).</summary>
public sealed record DemoOptions
{
    /// <summary>LSTM units of the categorical demo model when <see cref="Hidden"/> is not given.</summary>
    public const int CategoricalHidden = 64;

    /// <summary>LSTM units of the original demo model when <see cref="Hidden"/> is not given (the original's size).</summary>
    public const int SeedHidden = 48;

    /// <summary>Folder that receives corpus/, dataset/, model/, song.mid, song.png and song.wav.</summary>
    public string Output { get; init; } = "demo";

    /// <summary>A real MIDI folder to use instead of the built-in corpus (null: build one).</summary>
    public string? Corpus { get; init; }

    /// <summary>Songs of the built-in corpus.</summary>
    public int Songs { get; init; } = 120;

    /// <summary>
    /// The model family: categorical by default (it stays in key, see docs/readme/demo.md); seed trains the
    /// original's regression model.
    /// </summary>
    public ModelKind Model { get; init; } = ModelKind.Categorical;

    /// <summary>Training epochs.</summary>
    public int Epochs { get; init; } = 40;

    /// <summary>At most this many windows per split (0: all).</summary>
    public int MaxWindows { get; init; }

    /// <summary>LSTM units (null: <see cref="CategoricalHidden"/> or <see cref="SeedHidden"/> by <see cref="Model"/>).</summary>
    public int? Hidden { get; init; }

    /// <summary>
    /// Original model only: its training loss. MSE by default: on the demo corpus the note loss (nearly flat across
    /// octaves) leaves the model's pitch loosely tied to register, and fed back its songs climb an octave above the
    /// corpus; MSE songs stay in the corpus's register (see docs/generate.md).
    /// </summary>
    public LossKind Loss { get; init; } = LossKind.Mse;

    /// <summary>Notes of the generated song.</summary>
    public int Notes { get; init; } = 200;

    /// <summary>Seed of the corpus, the weights and the song.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Worker threads.</summary>
    public int Threads { get; init; } = Math.Min(2, Environment.ProcessorCount);

    /// <summary>Render song.wav when FluidSynth is installed.</summary>
    public bool Wav { get; init; } = true;

    /// <summary>Replace an existing, non-empty output folder.</summary>
    public bool Force { get; init; }
}
