namespace Dl4m.Generation;

/// <summary>Options of one generated song (see docs/generate.md).</summary>
public sealed record GenerationOptions
{
    /// <summary>Largest number of notes <see cref="GenerationOptions.Seconds"/> may generate (guards a model that predicts Δtime 0 forever).</summary>
    public const int MaxNotes = 1_000_000;

    /// <summary>Notes to generate (after the primer); ignored when <see cref="Seconds"/> is set.</summary>
    public int Notes { get; init; } = 500;

    /// <summary>Generate until the next onset would be at or after this many seconds (null: use <see cref="Notes"/>).</summary>
    public double? Seconds { get; init; }

    /// <summary>Round (the original, deterministic) or sample (default).</summary>
    public GenerationMode Mode { get; init; } = GenerationMode.Sample;

    /// <summary>Stateful (default, one step per note) or the original's sliding window.</summary>
    public ContextMode Context { get; init; } = ContextMode.Stateful;

    /// <summary>Temperature of an original model when none is given (see <see cref="Temperature"/>).</summary>
    public const double OriginalTemperature = 0.03;

    /// <summary>
    /// Temperature of a categorical model when none is given. Not 1 (the model's own softmax): measured on Nottingham
    /// and on a corpus of game MIDI files alike, songs sampled at 1 are more random than the corpus they learned from
    /// (pitch-class entropy 3.15 and 3.30 bits against the real test songs' 2.72 and 2.69); at 0.7 they land on the
    /// corpus's own (2.74 and 2.78) and keep to its scale, grid and repeated figures better (docs/categorical.md).
    /// </summary>
    public const double CategoricalTemperature = 0.7;

    /// <summary>
    /// Temperature; null = the model's default. Original models: of the note distribution in sample mode, 0 makes sample
    /// mode identical to round mode; the default <see cref="OriginalTemperature"/> keeps mostly the nearest note with some
    /// octave and fifth moves (the note loss is 0.07–0.13 there). Categorical models: divides the logits of every head,
    /// 0 = always the most likely class; default <see cref="CategoricalTemperature"/>.
    /// </summary>
    public double? Temperature { get; init; }

    /// <summary>Categorical models: draw only among the K most likely classes of each head; 0 = off.</summary>
    public int TopK { get; init; }

    /// <summary>Categorical models: draw only among the smallest set of most likely classes with mass ≥ P (nucleus); 1 = off.</summary>
    public double TopP { get; init; } = 1;

    /// <summary>Categorical models: beam search over the note head with this many beams; 0 = off (sampling).</summary>
    public int Beam { get; init; }

    /// <summary>Largest <see cref="Beam"/>.</summary>
    public const int MaxBeam = 64;

    /// <summary>Seed of every random choice: the same seed, model and primer give the same song.</summary>
    public int Seed { get; init; }

    /// <summary>Lowest note allowed (notes are clamped, or in sample mode drawn, within [Low, High]).</summary>
    public int LowNote { get; init; }

    /// <summary>Highest note allowed.</summary>
    public int HighNote { get; init; } = 127;

    /// <summary>
    /// How long each note sounds; null = the model's default: <see cref="DurationRule.Legato"/> for original models, the
    /// learned durations for categorical models (a rule given here replaces them).
    /// </summary>
    public DurationRule? Duration { get; init; }

    /// <summary>
    /// Stops the song between two notes (an <see cref="OperationCanceledException"/>): <c>dl4m studio</c> passes the
    /// browser request's abort, so a cancelled song stops using the machine. None by default.
    /// </summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>The temperature to use: <see cref="Temperature"/> or the default of the model kind.</summary>
    public double TemperatureFor(bool categorical) => Temperature ?? (categorical ? CategoricalTemperature : OriginalTemperature);

    /// <summary>Checks every value; the message names the option.</summary>
    /// <exception cref="Dl4mException">An option is out of range.</exception>
    public void Validate()
    {
        if (Seconds is null && (Notes < 1 || Notes > MaxNotes)) throw new Dl4mException($"GenerationOptions.Notes {Notes}: must be between 1 and {MaxNotes:N0}", "GenerationOptions.Notes");
        if (Seconds is { } s && !(s > 0 && s <= 86_400)) throw new Dl4mException($"GenerationOptions.Seconds {s}: must be above 0 and at most 86400", "GenerationOptions.Seconds");
        if (Temperature is { } t && !(t >= 0 && t <= 100)) throw new Dl4mException($"GenerationOptions.Temperature {t}: must be between 0 and 100", "GenerationOptions.Temperature");
        if (TopK < 0) throw new Dl4mException($"GenerationOptions.TopK {TopK}: must be 0 (off) or positive", "GenerationOptions.TopK");
        if (!(TopP > 0 && TopP <= 1)) throw new Dl4mException($"GenerationOptions.TopP {TopP}: must be above 0 and at most 1 (1 = off)", "GenerationOptions.TopP");
        if (Beam < 0 || Beam > MaxBeam) throw new Dl4mException($"GenerationOptions.Beam {Beam}: must be between 0 (off) and {MaxBeam}", "GenerationOptions.Beam");
        if (LowNote < 0 || HighNote > 127 || LowNote > HighNote) throw new Dl4mException($"GenerationOptions.LowNote {LowNote}-{HighNote}: needs 0 ≤ low ≤ high ≤ 127", "GenerationOptions.LowNote");
        if (Duration is { Kind: DurationKind.Fixed } d && !(d.Seconds > 0)) throw new Dl4mException($"GenerationOptions.Duration fixed:{d.Seconds}: length must be above 0 seconds", "GenerationOptions.Duration");
    }
}
