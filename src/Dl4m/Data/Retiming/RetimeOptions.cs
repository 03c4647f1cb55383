using System.Globalization;

namespace Dl4m.Data.Retiming;

/// <summary>
/// How <see cref="MidiRetimer"/> rewrites files: tempo map, resolution, transposition, and the seed that makes
/// every random choice reproducible. <see cref="Parse"/> reads the command-line forms.
/// </summary>
public sealed record RetimeOptions
{
    /// <summary>The resolutions `--ppq random` draws from.</summary>
    public static readonly IReadOnlyList<int> RandomPpqChoices = [192, 384, 480, 960];

    /// <summary>Tempo treatment.</summary>
    public RetimeTempo Tempo { get; init; } = RetimeTempo.Keep;

    /// <summary>Slowest constant tempo drawn (bpm).</summary>
    public double MinBpm { get; init; } = 60;

    /// <summary>Fastest constant tempo drawn (bpm).</summary>
    public double MaxBpm { get; init; } = 180;

    /// <summary>
    /// Resolutions to re-scale to, one drawn per file among those every tick of the file maps to exactly
    /// (the file keeps its own when none does); empty keeps every file's resolution.
    /// </summary>
    public IReadOnlyList<int> Ppq { get; init; } = [];

    /// <summary>A fixed transposition in semitones for every file (when <see cref="TransposeRange"/> is 0).</summary>
    public int Transpose { get; init; }

    /// <summary>When above 0, each file is transposed by a whole number drawn uniformly from [−range, +range].</summary>
    public int TransposeRange { get; init; }

    /// <summary>Seed of every random choice (each file's generator is seeded from it and the file's relative path).</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Options from the command-line forms: tempo <c>keep</c>, <c>constant:A-B</c> or <c>rubato</c>; ppq a number,
    /// <c>random</c> or null; transpose a signed number, <c>random:K</c> or null.
    /// </summary>
    /// <exception cref="Dl4mException">A form that does not parse, or values out of range.</exception>
    public static RetimeOptions Parse(string tempo, string? ppq, string? transpose, int seed)
    {
        var options = new RetimeOptions { Seed = seed };
        options = tempo switch
        {
            "keep" => options with { Tempo = RetimeTempo.Keep },
            "rubato" => options with { Tempo = RetimeTempo.Rubato },
            _ when tempo.StartsWith("constant:", StringComparison.Ordinal) => ParseConstant(options, tempo),
            _ => throw new Dl4mException($"RetimeOptions.Tempo '{tempo}': expected keep, rubato or constant:MIN-MAX (e.g. constant:60-180)", "RetimeOptions.Tempo"),
        };
        if (ppq is not null)
        {
            if (ppq == "random") options = options with { Ppq = RandomPpqChoices };
            else if (int.TryParse(ppq, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= 0x7FFF)
                options = options with { Ppq = [n] };
            else throw new Dl4mException($"RetimeOptions.Ppq '{ppq}': expected random or a number of ticks per quarter note from 1 to 32767", "RetimeOptions.Ppq");
        }
        if (transpose is not null)
        {
            if (transpose.StartsWith("random:", StringComparison.Ordinal))
            {
                if (!int.TryParse(transpose.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out int k) || k is < 1 or > 127)
                    throw new Dl4mException($"RetimeOptions.Transpose '{transpose}': random:K needs K from 1 to 127 semitones", "RetimeOptions.Transpose");
                options = options with { TransposeRange = k };
            }
            else if (int.TryParse(transpose, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) && n is >= -127 and <= 127)
                options = options with { Transpose = n };
            else throw new Dl4mException($"RetimeOptions.Transpose '{transpose}': expected a number of semitones from -127 to 127, or random:K", "RetimeOptions.Transpose");
        }
        return options;
    }

    private static RetimeOptions ParseConstant(RetimeOptions options, string tempo)
    {
        string range = tempo["constant:".Length..];
        int dash = range.IndexOf('-', 1);
        string low = dash < 0 ? range : range[..dash], high = dash < 0 ? range : range[(dash + 1)..];
        if (!double.TryParse(low, NumberStyles.Float, CultureInfo.InvariantCulture, out double a) ||
            !double.TryParse(high, NumberStyles.Float, CultureInfo.InvariantCulture, out double b))
            throw new Dl4mException($"RetimeOptions.Tempo '{tempo}': expected constant:MIN-MAX in bpm (e.g. constant:60-180) or constant:BPM", "RetimeOptions.Tempo");
        if (a > b || a < Midi.TempoMap.MinBpm || b > Midi.TempoMap.MaxBpm)
            throw new Dl4mException(string.Create(CultureInfo.InvariantCulture,
                $"RetimeOptions.Tempo '{tempo}': the range must go up from {Midi.TempoMap.MinBpm} to at most {Midi.TempoMap.MaxBpm} bpm"), "RetimeOptions.Tempo");
        return options with { Tempo = RetimeTempo.Constant, MinBpm = a, MaxBpm = b };
    }
}
