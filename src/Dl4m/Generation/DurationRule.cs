using Dl4m.Music;
using System.Globalization;

namespace Dl4m.Generation;

/// <summary>The duration rule of <c>--duration</c>: <c>legato</c>, <c>fixed:SECONDS</c> or <c>corpus</c>.</summary>
/// <param name="Kind">The rule.</param>
/// <param name="Seconds">Length for <see cref="DurationKind.Fixed"/> and <see cref="DurationKind.Corpus"/> (resolved); unused for legato.</param>
public sealed record DurationRule(DurationKind Kind, double Seconds = 0)
{
    /// <summary>Shortest legato note; the song's last chord lasts five times this.</summary>
    public const double MinimumSeconds = 0.1;

    /// <summary>Onsets closer than this (seconds) count as one chord.</summary>
    public const double ChordSeconds = 0.02;

    /// <summary>The default rule, legato.</summary>
    public static DurationRule Legato { get; } = new(DurationKind.Legato);

    /// <summary>Parses <c>legato</c>, <c>fixed:0.25</c> or <c>corpus</c> (the corpus length is resolved later).</summary>
    /// <exception cref="Dl4mException">Anything else, or a fixed length that is not a positive number of seconds up to 60.</exception>
    public static DurationRule Parse(string text)
    {
        string t = text.Trim().ToLowerInvariant();
        if (t == "legato") return Legato;
        if (t == "corpus") return new(DurationKind.Corpus);
        if (t.StartsWith("fixed:", StringComparison.Ordinal)
            && double.TryParse(t[6..], NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s > 0 && s <= 60)
            return new(DurationKind.Fixed, s);
        throw new Dl4mException($"GenerationOptions.Duration '{text}': expected legato, corpus or fixed:SECONDS with 0 < SECONDS ≤ 60", "GenerationOptions.Duration");
    }

    /// <summary>Gives every onset a length by the rule, so every note-on gets its note-off (every family's generator uses it).</summary>
    internal List<Note> Apply(List<(int Note, int Velocity, double Start)> onsets)
    {
        var notes = new List<Note>(onsets.Count);
        int nextGroup = 0; // first onset after the current chord
        for (int i = 0; i < onsets.Count; i++)
        {
            var (note, velocity, start) = onsets[i];
            double length = Seconds;
            if (Kind == DurationKind.Legato)
            {
                if (nextGroup <= i) nextGroup = i + 1;
                while (nextGroup < onsets.Count && onsets[nextGroup].Start - start < ChordSeconds) nextGroup++;
                length = nextGroup < onsets.Count ? Math.Max(MinimumSeconds, onsets[nextGroup].Start - start) : MinimumSeconds * 5;
            }
            notes.Add(new Note(note, velocity, start, length));
        }
        return notes;
    }
}
