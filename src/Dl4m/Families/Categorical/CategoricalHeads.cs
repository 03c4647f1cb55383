using Dl4m.Categorical;
using Dl4m.Generation;
using Dl4m.Generation.Sampling;

namespace Dl4m.Families.Categorical;

/// <summary>
/// Reads one output row of a categorical model: the note head limited to the allowed notes, and the velocity, Δtime
/// and duration heads (a class drawn with the sampling settings, or the regression's z-score as predicted), decoded
/// to an event. Holds scratch buffers: allocation-free, not thread-safe.
/// </summary>
internal sealed class CategoricalHeads
{
    private readonly CategoricalEncoding _encoding;
    private readonly OutputGroup _note, _velocity, _delta, _duration;
    private readonly int _low, _high;
    private readonly float[] _masked;
    private readonly ClassSampler _sampler;

    public CategoricalHeads(CategoricalEncoding encoding, int lowNote, int highNote)
    {
        _encoding = encoding;
        var groups = encoding.Groups;
        (_note, _velocity, _delta, _duration) = (groups[0], groups[1], groups[2], groups[3]);
        (_low, _high) = (lowNote, highNote);
        _masked = new float[_note.Width];
        _sampler = new ClassSampler(groups.Max(g => g.Width));
    }

    public int NoteClasses => _note.Width;

    /// <summary>
    /// The note logits with −∞ for every class whose pitch (after <paramref name="previousPitch"/> for intervals) is
    /// outside the allowed range or off the keyboard. When no class is left (an interval head far from the range),
    /// the one class that moves closest to the range stays.
    /// </summary>
    public ReadOnlySpan<float> MaskedNotes(ReadOnlySpan<float> output, int previousPitch)
    {
        var logits = output.Slice(_note.Offset, _note.Width);
        var masked = _masked.AsSpan();
        bool interval = _encoding.Notes == NoteTarget.Interval;
        int allowed = 0;
        for (int c = 0; c < masked.Length; c++)
        {
            int pitch = interval ? previousPitch + c - _encoding.IntervalRange : c;
            bool ok = pitch >= _low && pitch <= _high;
            masked[c] = ok ? logits[c] : float.NegativeInfinity;
            if (ok) allowed++;
        }
        if (allowed == 0)
        {
            int nearest = _encoding.NoteClass(Math.Clamp(previousPitch, _low, _high), previousPitch);
            masked[nearest] = logits[nearest];
        }
        return masked;
    }

    /// <summary>Draws the note class of the next event; <paramref name="logProbability"/> is its ln p under the (masked) model softmax.</summary>
    public int ChooseNote(ReadOnlySpan<float> output, int previousPitch, in SamplingSettings settings, Random random, out double logProbability)
    {
        var masked = MaskedNotes(output, previousPitch);
        int chosen = _sampler.Sample(masked, settings, random);
        logProbability = LogProbabilityOf(masked, chosen);
        return chosen;
    }

    /// <summary>The event of note class <paramref name="noteClass"/> with velocity, Δtime and duration read from the same output row.</summary>
    public CategoricalEvent Complete(int noteClass, ReadOnlySpan<float> output, int previousPitch, in SamplingSettings settings, Random random)
    {
        float velocity = Read(_velocity, output, settings, random);
        float delta = Read(_delta, output, settings, random);
        float duration = Read(_duration, output, settings, random);
        return _encoding.Decode(noteClass, previousPitch, velocity, delta, duration);
    }

    private float Read(in OutputGroup head, ReadOnlySpan<float> output, in SamplingSettings settings, Random random) =>
        head.Kind == HeadKind.Classes
            ? _sampler.Sample(output.Slice(head.Offset, head.Width), settings, random)
            : output[head.Offset];

    /// <summary>ln softmax(logits)[index], computed stably (−∞ logits count as impossible).</summary>
    public static double LogProbabilityOf(ReadOnlySpan<float> logits, int index)
    {
        float max = float.NegativeInfinity;
        foreach (float v in logits) if (v > max) max = v;
        if (!float.IsFinite(max)) return double.NegativeInfinity;
        double sum = 0;
        foreach (float v in logits) if (v > float.NegativeInfinity) sum += Math.Exp(v - max);
        return logits[index] - max - Math.Log(sum);
    }
}
