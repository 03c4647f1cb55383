namespace Dl4m.Generation.Sampling;

/// <summary>
/// How a class is drawn from a head's logits: softmax at <see cref="Temperature"/>, then kept only among the
/// <see cref="TopK"/> most likely classes, then only among the smallest most-likely set whose mass reaches
/// <see cref="TopP"/> of what top-k kept (nucleus sampling).
/// </summary>
/// <param name="Temperature">Divides the logits; 0 = always the most likely class (greedy).</param>
/// <param name="TopK">Keep the K most likely classes; 0 = off.</param>
/// <param name="TopP">Keep the smallest set of most likely classes with mass ≥ P; 1 = off.</param>
public readonly record struct SamplingSettings(double Temperature, int TopK = 0, double TopP = 1)
{
    /// <summary>Always the most likely class.</summary>
    public static SamplingSettings Greedy { get; } = new(0);

    /// <summary>True when every draw is the arg-max (temperature 0 or top-k 1).</summary>
    public bool IsGreedy => Temperature == 0 || TopK == 1;

    /// <summary>Throws a <see cref="Dl4mException"/> naming the option that is out of range.</summary>
    public void Validate()
    {
        if (!(Temperature >= 0 && Temperature <= 100)) throw new Dl4mException($"GenerationOptions.Temperature {Temperature}: must be between 0 and 100", "GenerationOptions.Temperature");
        if (TopK < 0) throw new Dl4mException($"GenerationOptions.TopK {TopK}: must be 0 (off) or positive", "GenerationOptions.TopK");
        if (!(TopP > 0 && TopP <= 1)) throw new Dl4mException($"GenerationOptions.TopP {TopP}: must be above 0 and at most 1 (1 = off)", "GenerationOptions.TopP");
    }
}
