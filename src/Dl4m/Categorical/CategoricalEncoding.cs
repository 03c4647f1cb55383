using System.Text.Json.Serialization;

namespace Dl4m.Categorical;

/// <summary>
/// How the categorical model turns events into input rows and targets, and its outputs back into events;
/// stored as encoding.json in the model folder (see <see cref="CategoricalEncodingJson"/>), so a model folder
/// alone says how to feed and read its network.
/// <para>Input row per step (<see cref="InputSize"/> values, all 0 or 1): the pitch one-hot (128), the velocity
/// bin one-hot (<see cref="VelocityBins"/>), the Δtime bin one-hot (<see cref="Delta"/>), the duration bin one-hot
/// (<see cref="Duration"/>), then the label one-hot (<see cref="Labels"/>, absent when there are none). An all-zero
/// row means "no event" (padding).</para>
/// <para>Output row per step (<see cref="OutputSize"/> values): the note head (<see cref="NoteClasses"/> logits), then
/// velocity, Δtime and duration heads, each either bin logits or one z-score (<see cref="Groups"/>).</para>
/// <para>Target row per step (<see cref="TargetWidth"/> = 4 floats): note class index, then per head either the bin
/// index or the z-score (<see cref="RegressionScaling"/>).</para>
/// </summary>
public sealed record CategoricalEncoding
{
    /// <summary>MIDI pitches.</summary>
    public const int Pitches = 128;

    /// <summary>Floats per target row: note class, velocity, Δtime, duration.</summary>
    public const int TargetWidth = 4;

    /// <summary>Added to seconds before the logarithm of the time regressions (10 ms: a 0 s Δtime stays finite).</summary>
    public const double LogOffsetSeconds = 0.01;

    /// <summary>Pitch softmax or interval softmax.</summary>
    public NoteTarget Notes { get; init; } = NoteTarget.Pitch;

    /// <summary>R of the interval head: classes are −R…+R semitones from the previous note (larger leaps are clamped).</summary>
    public int IntervalRange { get; init; } = 36;

    /// <summary>Equal-width velocity bins over 1…127 (input one-hot, and the velocity head's classes).</summary>
    public int VelocityBins { get; init; } = 16;

    /// <summary>Velocity head: bins or regression.</summary>
    public HeadKind Velocity { get; init; } = HeadKind.Classes;

    /// <summary>Δtime and duration heads: bins or regression.</summary>
    public HeadKind Timing { get; init; } = HeadKind.Classes;

    /// <summary>Bins of the Δtime (seconds since the previous note-on).</summary>
    public required TimeBins Delta { get; init; }

    /// <summary>Bins of the duration (seconds to the note-off).</summary>
    public required TimeBins Duration { get; init; }

    /// <summary>Z-scores of regression heads (training split statistics).</summary>
    public RegressionScaling Scaling { get; init; } = RegressionScaling.Identity;

    /// <summary>The labels conditioned on (first-level folders of the dataset), in one-hot order; empty = no conditioning.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>True when every training song was transposed to C major / A minor by its estimated key.</summary>
    public bool NormalizeKey { get; init; }

    /// <summary>Number of note classes: 128 pitches, or 2R+1 intervals.</summary>
    [JsonIgnore]
    public int NoteClasses => Notes == NoteTarget.Pitch ? Pitches : 2 * IntervalRange + 1;

    /// <summary>Values per input row.</summary>
    [JsonIgnore]
    public int InputSize => Pitches + VelocityBins + Delta.Count + Duration.Count + Labels.Count;

    /// <summary>The four heads in output order: note, velocity, delta, duration.</summary>
    [JsonIgnore]
    public OutputGroup[] Groups
    {
        get
        {
            int velocity = Velocity == HeadKind.Classes ? VelocityBins : 1;
            int delta = Timing == HeadKind.Classes ? Delta.Count : 1;
            int duration = Timing == HeadKind.Classes ? Duration.Count : 1;
            return
            [
                new("note", 0, NoteClasses, HeadKind.Classes),
                new("velocity", NoteClasses, velocity, Velocity),
                new("delta", NoteClasses + velocity, delta, Timing),
                new("duration", NoteClasses + velocity + delta, duration, Timing),
            ];
        }
    }

    /// <summary>Values per output row (the last Dense layer's units).</summary>
    [JsonIgnore]
    public int OutputSize
    {
        get
        {
            var g = Groups;
            return g[^1].Offset + g[^1].Width;
        }
    }

    /// <summary>The one-hot index of <paramref name="label"/>, or −1 when it is not one of <see cref="Labels"/>.</summary>
    public int LabelIndex(string label)
    {
        for (int i = 0; i < Labels.Count; i++)
            if (string.Equals(Labels[i], label, StringComparison.Ordinal)) return i;
        return -1;
    }

    /// <summary>The velocity bin of a velocity 1–127 (values outside are clamped).</summary>
    public int VelocityBin(int velocity) => Math.Clamp((Math.Clamp(velocity, 1, 127) - 1) * VelocityBins / 127, 0, VelocityBins - 1);

    /// <summary>The velocity a bin stands for: the middle of its range, rounded.</summary>
    public int VelocityOfBin(int bin) => Math.Clamp((int)Math.Round(1 + (bin + 0.5) * 127.0 / VelocityBins - 0.5), 1, 127);

    /// <summary>The note class of <paramref name="pitch"/>: the pitch itself, or the interval from <paramref name="previousPitch"/> (clamped to ±R).</summary>
    public int NoteClass(int pitch, int previousPitch) => Notes == NoteTarget.Pitch
        ? Math.Clamp(pitch, 0, Pitches - 1)
        : Math.Clamp(pitch - previousPitch, -IntervalRange, IntervalRange) + IntervalRange;

    /// <summary>The pitch a note class stands for (after <paramref name="previousPitch"/> for intervals), clamped to 0–127.</summary>
    public int PitchOfClass(int noteClass, int previousPitch) => Notes == NoteTarget.Pitch
        ? Math.Clamp(noteClass, 0, Pitches - 1)
        : Math.Clamp(previousPitch + noteClass - IntervalRange, 0, Pitches - 1);

    /// <summary>
    /// Writes the input row of <paramref name="e"/> (clears <paramref name="row"/> first). <paramref name="label"/> is a
    /// one-hot index of <see cref="Labels"/>, or −1 for none.
    /// </summary>
    public void EncodeInput(in CategoricalEvent e, int label, Span<float> row)
    {
        if (row.Length != InputSize) throw new ArgumentException($"input row has {row.Length} values, the encoding needs {InputSize}", nameof(row));
        row.Clear();
        int offset = 0;
        row[Math.Clamp(e.Pitch, 0, Pitches - 1)] = 1f;
        offset += Pitches;
        row[offset + VelocityBin(e.Velocity)] = 1f;
        offset += VelocityBins;
        row[offset + Delta.Bin(e.DeltaSeconds)] = 1f;
        offset += Delta.Count;
        row[offset + Duration.Bin(e.DurationSeconds)] = 1f;
        offset += Duration.Count;
        if (label >= 0 && label < Labels.Count) row[offset + label] = 1f;
    }

    /// <summary>Writes only the label part of an input row (for a padding row that still carries the label).</summary>
    public void EncodeLabel(int label, Span<float> row)
    {
        if (label >= 0 && label < Labels.Count) row[InputSize - Labels.Count + label] = 1f;
    }

    /// <summary>
    /// Writes the 4 target values of <paramref name="e"/> (<paramref name="previousPitch"/> is the pitch of the event
    /// before it, used by the interval head): note class, then bin index or z-score per head.
    /// </summary>
    public void EncodeTarget(in CategoricalEvent e, int previousPitch, Span<float> target)
    {
        target[0] = NoteClass(e.Pitch, previousPitch);
        target[1] = Velocity == HeadKind.Classes
            ? VelocityBin(e.Velocity)
            : (float)((e.Velocity - Scaling.VelocityMean) / Scaling.VelocityStd);
        target[2] = Timing == HeadKind.Classes
            ? Delta.Bin(e.DeltaSeconds)
            : (float)((Math.Log(Math.Max(e.DeltaSeconds, 0f) + LogOffsetSeconds) - Scaling.LogDeltaMean) / Scaling.LogDeltaStd);
        target[3] = Timing == HeadKind.Classes
            ? Duration.Bin(e.DurationSeconds)
            : (float)((Math.Log(Math.Max(e.DurationSeconds, 0f) + LogOffsetSeconds) - Scaling.LogDurationMean) / Scaling.LogDurationStd);
    }

    /// <summary>
    /// The event chosen by generation: <paramref name="noteClass"/> and, per head, the chosen bin (classes) or the
    /// predicted z-score (regression), decoded to natural units (velocity clamped to 1–127, times to ≥ 0).
    /// </summary>
    public CategoricalEvent Decode(int noteClass, int previousPitch, float velocity, float delta, float duration)
    {
        int v = Velocity == HeadKind.Classes
            ? VelocityOfBin((int)velocity)
            : Math.Clamp((int)Math.Round(velocity * Scaling.VelocityStd + Scaling.VelocityMean), 1, 127);
        float dt = Timing == HeadKind.Classes
            ? Delta.Values[Math.Clamp((int)delta, 0, Delta.Count - 1)]
            : (float)Math.Max(0, Math.Exp(delta * Scaling.LogDeltaStd + Scaling.LogDeltaMean) - LogOffsetSeconds);
        float length = Timing == HeadKind.Classes
            ? Duration.Values[Math.Clamp((int)duration, 0, Duration.Count - 1)]
            : (float)Math.Max(0, Math.Exp(duration * Scaling.LogDurationStd + Scaling.LogDurationMean) - LogOffsetSeconds);
        return new CategoricalEvent(PitchOfClass(noteClass, previousPitch), v, dt, length);
    }

    /// <summary>Throws a <see cref="Dl4mException"/> naming the field when the encoding is inconsistent.</summary>
    public void Validate()
    {
        if (IntervalRange < 1 || IntervalRange > 127) throw new Dl4mException($"encoding: interval range must be 1–127 (got {IntervalRange})");
        if (VelocityBins < 2 || VelocityBins > 127) throw new Dl4mException($"encoding: velocity bins must be 2–127 (got {VelocityBins})");
        if (Delta is null || Duration is null) throw new Dl4mException("encoding: Δtime and duration bins are required");
        Delta.Validate("encoding: Δtime bins");
        Duration.Validate("encoding: duration bins");
        if (Labels.Distinct(StringComparer.Ordinal).Count() != Labels.Count) throw new Dl4mException("encoding: labels must be distinct");
        if (Scaling.VelocityStd <= 0 || Scaling.LogDeltaStd <= 0 || Scaling.LogDurationStd <= 0)
            throw new Dl4mException("encoding: regression standard deviations must be positive");
    }
}
