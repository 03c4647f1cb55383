using System.Text.Json.Serialization;

namespace Dl4m.Categorical;

/// <summary>
/// The classes of a time in beats (Δtime or duration) of the categorical model. Times are first quantised to grid
/// steps of 1/<see cref="StepsPerBeat"/> quarter-note beat — a grid that holds straight sixteenths (3 steps) and
/// eighth and sixteenth triplets (4 and 2 steps) exactly — and a quantised time is then given the class whose value
/// is nearest (ties to the shorter class). Class values are fixed, not fitted: every step from 0 (Δtime; duration
/// from 1 step) to 2 beats, then 2¼, 2⅓, 2½, 2⅔, 2¾, 3, 3½, 4, 4½, 5, 6, 7, 8, 12 and 16 beats (durations also 9:
/// three bars of 3/4 or 6/8), see docs/categorical.md; longer times take the last class. 40 classes each, so that
/// the output row (128 + 16 + 40 + 40 = 224 logits) is a whole number of 16-float vectors: at 215 (36 + 35 classes)
/// the Dense layer's and the loss's vector tails cost ~20 % of a training step (measured, CPU time).
/// </summary>
public sealed record BeatGrid
{
    /// <summary>Grid steps per quarter-note beat: 12 holds 1/4 (3), 1/3 (4), 1/6 (2) and 1/2 (6) of a beat exactly.</summary>
    public const int StepsPerBeat = 12;

    /// <summary>Values above the fine grid (0…2 beats in single steps), in steps: 2¼ … 16 beats.</summary>
    private static readonly int[] Coarse = [27, 28, 30, 32, 33, 36, 42, 48, 54, 60, 72, 84, 96, 144, 192];

    /// <summary>The Δtime classes: 0 (a chord note: same grid step as the note before), 1…24 steps, then the coarse values (40 classes).</summary>
    public static BeatGrid Delta { get; } = new() { Steps = [.. Enumerable.Range(0, 2 * StepsPerBeat + 1), .. Coarse] };

    /// <summary>The duration classes: 1…24 steps, then the coarse values and 9 beats (40 classes; a note lasts at least one step).</summary>
    public static BeatGrid Duration { get; } = new() { Steps = [.. Enumerable.Range(1, 2 * StepsPerBeat), .. Coarse.Append(108).Order()] };

    /// <summary>The value of each class in grid steps, increasing.</summary>
    public required int[] Steps { get; init; }

    /// <summary>Number of classes.</summary>
    [JsonIgnore]
    public int Count => Steps.Length;

    /// <summary>The first <paramref name="count"/> classes of this grid (small encodings for tests and fixtures).</summary>
    public BeatGrid First(int count) => new() { Steps = Steps[..count] };

    /// <summary>
    /// <paramref name="beats"/> as whole grid steps, rounded to nearest (halves away from zero); negative and NaN
    /// times are 0. Double precision: cumulative onsets of long songs stay exact to far below a step.
    /// </summary>
    public static int Quantize(double beats) =>
        beats > 0 ? (int)Math.Min(int.MaxValue / 2, Math.Round(beats * StepsPerBeat, MidpointRounding.AwayFromZero)) : 0;

    /// <summary>The class of a time of <paramref name="steps"/> grid steps: the nearest value (the shorter one on a tie), clamped to the table.</summary>
    public int Class(int steps)
    {
        if (steps <= Steps[0]) return 0;
        if (steps >= Steps[^1]) return Steps.Length - 1;
        int above = Array.BinarySearch(Steps, steps);
        if (above >= 0) return above;
        above = ~above; // first value above steps; the one before is below
        return Steps[above] - steps < steps - Steps[above - 1] ? above : above - 1;
    }

    /// <summary>The value of class <paramref name="index"/> in steps (clamped to the table).</summary>
    public int StepsOf(int index) => Steps[Math.Clamp(index, 0, Steps.Length - 1)];

    /// <summary>Grid steps as quarter-note beats.</summary>
    public static double Beats(int steps) => steps / (double)StepsPerBeat;

    /// <summary>Throws a <see cref="Dl4mException"/> naming <paramref name="what"/> when the table is not usable.</summary>
    public void Validate(string what)
    {
        if (Steps is null || Steps.Length < 2) throw new Dl4mException($"{what}: needs at least 2 classes");
        for (int i = 0; i < Steps.Length; i++)
            if (Steps[i] < 0 || (i > 0 && Steps[i] <= Steps[i - 1]))
                throw new Dl4mException($"{what}: class values must be grid steps ≥ 0, increasing (class {i} is {Steps[i]})");
    }
}
