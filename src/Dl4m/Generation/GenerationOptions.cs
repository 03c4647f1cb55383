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

    /// <summary>
    /// Temperature of the note distribution in sample mode; 0 makes sample mode identical to round mode. The default
    /// 0.03 keeps mostly the nearest note with some octave and fifth moves (the note loss is 0.07–0.13 there).
    /// </summary>
    public double Temperature { get; init; } = 0.03;

    /// <summary>Seed of every random choice: the same seed, model and primer give the same song.</summary>
    public int Seed { get; init; }

    /// <summary>Lowest note allowed (notes are clamped, or in sample mode drawn, within [Low, High]).</summary>
    public int LowNote { get; init; }

    /// <summary>Highest note allowed.</summary>
    public int HighNote { get; init; } = 127;

    /// <summary>How long each note sounds.</summary>
    public DurationRule Duration { get; init; } = DurationRule.Legato;

    /// <summary>Checks every value; the message names the option.</summary>
    /// <exception cref="Dl4mException">An option is out of range.</exception>
    public void Validate()
    {
        if (Seconds is null && (Notes < 1 || Notes > MaxNotes)) throw new Dl4mException($"--notes {Notes}: must be between 1 and {MaxNotes:N0}");
        if (Seconds is { } s && !(s > 0 && s <= 86_400)) throw new Dl4mException($"--seconds {s}: must be above 0 and at most 86400");
        if (!(Temperature >= 0 && Temperature <= 100)) throw new Dl4mException($"--temperature {Temperature}: must be between 0 and 100");
        if (LowNote < 0 || HighNote > 127 || LowNote > HighNote) throw new Dl4mException($"--range {LowNote}-{HighNote}: needs 0 ≤ low ≤ high ≤ 127");
        if (Duration.Kind == DurationKind.Fixed && !(Duration.Seconds > 0)) throw new Dl4mException($"--duration fixed:{Duration.Seconds}: length must be above 0 seconds");
    }
}
