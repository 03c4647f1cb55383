using System.Text.Json.Serialization;

namespace Dl4m.Categorical;

/// <summary>
/// How the categorical model turns events into input rows and targets, and its outputs back into events;
/// stored as encoding.json in the model folder (see <see cref="CategoricalEncodingJson"/>), so a model folder
/// alone says how to feed and read its network.
/// <para>Time is in quarter-note beats on a grid of 1/<see cref="BeatGrid.StepsPerBeat"/> beat (<see cref="BeatTokens"/>),
/// never in seconds: the tempo is something the song carries (<see cref="MedianBpm"/>, or the primer's), not something
/// the model learns.</para>
/// <para>Input row per step (<see cref="InputSize"/> values, all 0 or 1): the pitch one-hot (128), the velocity
/// bin one-hot (<see cref="VelocityBins"/>), the Δtime class one-hot (<see cref="Delta"/>), the duration class one-hot
/// (<see cref="Duration"/>), the bar position one-hot (<see cref="BarPositions"/> grid steps), one lookback block per
/// entry of <see cref="LookbackBars"/> (version 1: the pitch one-hot (128) of what followed the point k bars back; version 2: a block laid out like the output row with the whole suggested event, see <see cref="LookbackVersion"/> and <see cref="LookbackFeatures"/>), then the label one-hot
/// (<see cref="Labels"/>, absent when there are none). Version 3 has the match flags (<see cref="MatchValues"/> per entry) where the
/// blocks were and moves the blocks after the labels, where only the copy layer reads them (<see cref="NetworkInputSize"/>).
/// An all-zero row means "no event" (padding).</para>
/// <para>Output row per step (<see cref="OutputSize"/> values): the note head (<see cref="NoteClasses"/> logits), then
/// velocity, Δtime and duration heads, each either class logits or one z-score (<see cref="Groups"/>).</para>
/// <para>Target row per step (<see cref="TargetWidth"/> = 4 floats): note class index, then per head either the bin
/// index or the z-score (<see cref="RegressionScaling"/>).</para>
/// </summary>
public sealed record CategoricalEncoding
{
    /// <summary>MIDI pitches.</summary>
    public const int Pitches = 128;

    /// <summary>Floats per target row: note class, velocity, Δtime, duration.</summary>
    public const int TargetWidth = 4;

    /// <summary>Added to beats before the logarithm of the time regressions (1/48 beat: a 0 Δtime stays finite).</summary>
    public const double LogOffsetBeats = 1.0 / 48;

    /// <summary>The <see cref="TimeUnit"/> of this version; encoding.json files without it are from the seconds-based model.</summary>
    public const string BeatsUnit = "beats";

    /// <summary>Bar positions of the default input: 96 grid steps = 8 beats (longer bars share the last position).</summary>
    public const int DefaultBarPositions = 8 * BeatGrid.StepsPerBeat;

    /// <summary>Unit of every time of the encoding: always <see cref="BeatsUnit"/> (a marker that refuses older, seconds-based model folders).</summary>
    public string TimeUnit { get; init; } = BeatsUnit;

    /// <summary>Grid steps per beat of <see cref="Delta"/>, <see cref="Duration"/> and the bar position (<see cref="BeatGrid.StepsPerBeat"/>).</summary>
    public int StepsPerBeat { get; init; } = BeatGrid.StepsPerBeat;

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

    /// <summary>Classes of the Δtime (grid steps since the previous note-on; class 0 = chord).</summary>
    public required BeatGrid Delta { get; init; }

    /// <summary>Classes of the duration (grid steps to the note-off).</summary>
    public required BeatGrid Duration { get; init; }

    /// <summary>Bar position classes of the input, one per grid step from the bar's start (positions beyond share the last); 0 = no bar input.</summary>
    public int BarPositions { get; init; } = DefaultBarPositions;

    /// <summary>Median tempo of the training songs (bpm; each song counts once, by its median): the tempo of generated songs when neither --bpm nor the primer gives one.</summary>
    public double MedianBpm { get; init; } = 120;

    /// <summary>Z-scores of regression heads (training split statistics).</summary>
    public RegressionScaling Scaling { get; init; } = RegressionScaling.Identity;

    /// <summary>The labels conditioned on (first-level folders of the dataset), in one-hot order; empty = no conditioning.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>True when every training song was transposed to C major / A minor by its estimated key.</summary>
    public bool NormalizeKey { get; init; }

    /// <summary>The default <see cref="LookbackBars"/> of new models: 1, 2, 4 and 8 bars back.</summary>
    public static readonly IReadOnlyList<int> DefaultLookbackBars = [1, 2, 4, 8];

    /// <summary>Most entries <see cref="LookbackBars"/> may have.</summary>
    public const int MaxLookbackBars = 8;

    /// <summary>
    /// Lookback inputs (Magenta's Lookback RNN): for each k, the suggestion of <see cref="LookbackVersion"/> (version 1: a 128-way one-hot of the pitch) that followed the point
    /// k bars before the current event (<see cref="LookbackFeatures"/>). Empty = none (encoding.json files without the
    /// field: models trained before the lookback inputs existed).
    /// </summary>
    public IReadOnlyList<int> LookbackBars { get; init; } = [];

    /// <summary>The <see cref="LookbackVersion"/> of encoding.json files without the field (pitch-only suggestions).</summary>
    public const int PitchLookback = 1;

    /// <summary>The <see cref="LookbackVersion"/> of whole-event suggestions read by a copy layer and by the LSTM.</summary>
    public const int EventLookback = 2;

    /// <summary>
    /// The <see cref="LookbackVersion"/> of whole-event suggestions that only the copy layer reads, with match flags for the
    /// LSTM (the default of new models).
    /// </summary>
    public const int MatchedEventLookback = 3;

    /// <summary>
    /// Match flags per lookback entry in version 3: a one-hot of which heads (pitch, velocity bin, Δtime class, duration
    /// class; 2⁴ patterns) of the entry's aligned event equal the current event's, all zero when it has none
    /// (<see cref="MatchPattern"/>). One value per entry, so the LSTM's sparse input grows by at most four ones per row.
    /// </summary>
    public const int MatchValues = 1 << HeadCount;

    /// <summary>
    /// What the lookback blocks hold. 1 (<see cref="PitchLookback"/>; encoding.json files written before the field): one
    /// 128-way pitch one-hot per entry of <see cref="LookbackBars"/>. 2 (<see cref="EventLookback"/>): per entry a block
    /// laid out like the output row (<see cref="OutputSize"/> wide), the whole suggested event (note class, velocity
    /// bin, Δtime class, duration class; a regression head's slot stays 0) as one-hots in each head's vocabulary, which
    /// the network's copy layer reads (Families.Categorical.CategoricalCopyLayer) to add learned, input-dependent mass to them.
    /// 3 (<see cref="MatchedEventLookback"/>): the same suggestions as one class index + 1 per head (0 = none; <see cref="HeadCount"/>
    /// values per entry), at the end of the row where only the copy layer reads them (Nn.LayerConfig.CopyIndexed),
    /// and in their place <see cref="MatchValues"/> flags per entry saying whether the song is repeating from k bars
    /// back right now: the current event's aligned event k bars back (<see cref="LookbackFeatures.ComputeAlignedEvents{TOlder}"/>)
    /// exists, and which of its heads equal the current event's. The LSTM decides its copy gates from those flags instead
    /// of from the 4 × 224 one-hot columns, which carried most of version 2's weights and half its training time.
    /// </summary>
    public int LookbackVersion { get; init; } = PitchLookback;

    /// <summary>Values of one lookback block: 128 (version 1), <see cref="OutputSize"/> (version 2) or <see cref="HeadCount"/> (version 3).</summary>
    [JsonIgnore]
    public int LookbackBlockWidth => LookbackVersion switch { PitchLookback => Pitches, EventLookback => OutputSize, _ => HeadCount };

    /// <summary>True when the network ends in a copy layer over the lookback blocks (version 2 or 3 with at least one entry).</summary>
    [JsonIgnore]
    public bool HasCopyLayer => LookbackVersion != PitchLookback && LookbackBars.Count > 0;

    /// <summary>True for lookback versions that suggest whole events (2 and 3), false for pitch suggestions (1).</summary>
    [JsonIgnore]
    public bool SuggestsEvents => LookbackVersion != PitchLookback;

    /// <summary>
    /// Events per lookback computation (<see cref="LookbackFeatures.Suggest{TOlder}"/>): one suggestion per entry of
    /// <see cref="LookbackBars"/>, and in version 3 after them one aligned event per entry (for the match flags).
    /// </summary>
    [JsonIgnore]
    public int LookbackSlots => LookbackVersion == MatchedEventLookback ? 2 * LookbackBars.Count : LookbackBars.Count;

    /// <summary>Gates the copy layer reads after the logits: one per lookback entry and head (0 without a copy layer).</summary>
    [JsonIgnore]
    public int CopyGates => HasCopyLayer ? LookbackBars.Count * HeadCount : 0;

    /// <summary>Heads of the output row: note, velocity, Δtime, duration (<see cref="Groups"/>).</summary>
    public const int HeadCount = 4;

    /// <summary>Number of note classes: 128 pitches, or 2R+1 intervals.</summary>
    [JsonIgnore]
    public int NoteClasses => Notes == NoteTarget.Pitch ? Pitches : 2 * IntervalRange + 1;

    /// <summary>Values per input row.</summary>
    [JsonIgnore]
    public int InputSize => Pitches + VelocityBins + Delta.Count + Duration.Count + BarPositions + MatchWidth + LookbackWidth + Labels.Count;

    /// <summary>
    /// Values of an input row that the network's first layer reads: all of them, except in version 3 with a copy layer,
    /// where the lookback blocks at the row's end are for the copy layer only.
    /// </summary>
    [JsonIgnore]
    public int NetworkInputSize => LookbackVersion == MatchedEventLookback ? InputSize - LookbackWidth : InputSize;

    /// <summary>Values of the match flags: <see cref="MatchValues"/> per lookback entry in version 3, none otherwise.</summary>
    [JsonIgnore]
    public int MatchWidth => LookbackVersion == MatchedEventLookback ? LookbackBars.Count * MatchValues : 0;

    /// <summary>Offset of the match flags in an input row (version 3), after the bar position.</summary>
    [JsonIgnore]
    public int MatchOffset => Pitches + VelocityBins + Delta.Count + Duration.Count + BarPositions;

    /// <summary>Offset of the label one-hot in an input row.</summary>
    [JsonIgnore]
    public int LabelOffset => LookbackVersion == MatchedEventLookback ? MatchOffset + MatchWidth : MatchOffset + LookbackWidth;

    /// <summary>Values of the lookback blocks (<see cref="LookbackBlockWidth"/> per entry of <see cref="LookbackBars"/>).</summary>
    [JsonIgnore]
    public int LookbackWidth => LookbackBars.Count * LookbackBlockWidth;

    /// <summary>Offset of the first lookback block in an input row: after the bar position, or (version 3) after the labels.</summary>
    [JsonIgnore]
    public int LookbackOffset => LookbackVersion == MatchedEventLookback ? LabelOffset + Labels.Count : MatchOffset;

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
    public int OutputSize =>
        // summed here rather than read from Groups, which allocates: InputSize (version 2) asks for it in every FillBatch
        NoteClasses + (Velocity == HeadKind.Classes ? VelocityBins : 1) + (Timing == HeadKind.Classes ? Delta.Count + Duration.Count : 2);

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
    /// one-hot index of <see cref="Labels"/>, or −1 for none. The lookback blocks stay empty (no suggestion).
    /// </summary>
    public void EncodeInput(in CategoricalEvent e, int label, Span<float> row) => EncodeInput(e, label, ReadOnlySpan<int>.Empty, row);

    /// <summary>
    /// Writes the input row of <paramref name="e"/> with the lookback suggestions <paramref name="suggestions"/> (one
    /// pitch per entry of <see cref="LookbackBars"/>, <see cref="LookbackFeatures.None"/> or out of 0–127 = none; empty = all none).
    /// </summary>
    public void EncodeInput(in CategoricalEvent e, int label, ReadOnlySpan<int> suggestions, Span<float> row)
    {
        if (!suggestions.IsEmpty && SuggestsEvents)
            throw new ArgumentException($"lookback version {LookbackVersion} suggests whole events, not pitches", nameof(suggestions));
        if (!suggestions.IsEmpty && suggestions.Length != LookbackBars.Count)
            throw new ArgumentException($"{suggestions.Length} lookback suggestions, the encoding has {LookbackBars.Count}", nameof(suggestions));
        if (row.Length != InputSize) throw new ArgumentException($"input row has {row.Length} values, the encoding needs {InputSize}", nameof(row));
        row.Clear();
        int offset = 0;
        row[Math.Clamp(e.Pitch, 0, Pitches - 1)] = 1f;
        offset += Pitches;
        row[offset + VelocityBin(e.Velocity)] = 1f;
        offset += VelocityBins;
        row[offset + Delta.Class(e.DeltaSteps)] = 1f;
        offset += Delta.Count;
        row[offset + Duration.Class(e.DurationSteps)] = 1f;
        offset += Duration.Count;
        if (BarPositions > 0) row[offset + BarPositionClass(e.BarStep)] = 1f;
        offset += BarPositions;
        for (int k = 0; k < suggestions.Length; k++, offset += Pitches)
            if ((uint)suggestions[k] < Pitches) row[offset + suggestions[k]] = 1f;
        if (label >= 0 && label < Labels.Count) row[LabelOffset + label] = 1f;
    }

    /// <summary>
    /// Writes the input row of <paramref name="e"/> with whole-event lookback suggestions (one per entry of
    /// <see cref="LookbackBars"/>, <see cref="LookbackFeatures.NoEvent"/> = none; empty = all none): version 1 feeds
    /// their pitches, version 2 every head's class of them as one-hots (<see cref="EncodeSuggestion"/>), version 3 as indices
    /// (<see cref="EncodeSuggestionIndices"/>). Version 3 takes <see cref="LookbackSlots"/> events, as
    /// <see cref="LookbackFeatures.Suggest{TOlder}"/> writes them: the suggestions, then the aligned events, from which it
    /// sets the match flags (<see cref="MatchPattern"/>).
    /// </summary>
    public void EncodeInput(in CategoricalEvent e, int label, ReadOnlySpan<CategoricalEvent> suggestions, Span<float> row)
    {
        if (!SuggestsEvents)
        {
            Span<int> pitches = stackalloc int[suggestions.Length];
            for (int k = 0; k < suggestions.Length; k++) pitches[k] = suggestions[k].Pitch;
            EncodeInput(e, label, pitches, row);
            return;
        }
        if (!suggestions.IsEmpty && suggestions.Length != LookbackSlots)
            throw new ArgumentException($"{suggestions.Length} lookback events, the encoding takes {LookbackSlots}", nameof(suggestions));
        EncodeInput(e, label, ReadOnlySpan<int>.Empty, row);
        if (suggestions.IsEmpty) return;
        int width = LookbackBlockWidth, entries = LookbackBars.Count;
        if (LookbackVersion == EventLookback)
        {
            for (int k = 0; k < entries; k++)
                EncodeSuggestion(suggestions[k], e.Pitch, row.Slice(LookbackOffset + k * width, width));
            return;
        }
        for (int k = 0; k < entries; k++)
        {
            EncodeSuggestionIndices(suggestions[k], e.Pitch, row.Slice(LookbackOffset + k * width, width));
            int pattern = MatchPattern(e, suggestions[entries + k]);
            if (pattern >= 0) row[MatchOffset + k * MatchValues + pattern] = 1f;
        }
    }

    /// <summary>
    /// Version 3: writes <paramref name="suggestion"/> as one value per head, its class + 1 (note class after
    /// <paramref name="currentPitch"/> for the interval head; 0 for a regression head, and all 0 without a suggestion).
    /// </summary>
    public void EncodeSuggestionIndices(in CategoricalEvent suggestion, int currentPitch, Span<float> block)
    {
        if ((uint)suggestion.Pitch >= Pitches) return;
        block[0] = NoteClass(suggestion.Pitch, currentPitch) + 1;
        if (Velocity == HeadKind.Classes) block[1] = VelocityBin(suggestion.Velocity) + 1;
        if (Timing == HeadKind.Classes)
        {
            block[2] = Delta.Class(suggestion.DeltaSteps) + 1;
            block[3] = Duration.Class(suggestion.DurationSteps) + 1;
        }
    }

    /// <summary>
    /// Version 3's match pattern of one lookback entry (the index of its one-hot flag): one bit per head whose class is
    /// the same in <paramref name="current"/> and <paramref name="aligned"/> (the current event's aligned event k bars
    /// back): 1 pitch, 2 velocity bin, 4 Δtime class, 8 duration class; −1 when there is no aligned event. Pitches are
    /// compared, not note classes, so a transposition changes nothing.
    /// </summary>
    public int MatchPattern(in CategoricalEvent current, in CategoricalEvent aligned)
    {
        if ((uint)aligned.Pitch >= Pitches) return -1;
        int pattern = 0;
        if (aligned.Pitch == current.Pitch) pattern |= 1;
        if (VelocityBin(aligned.Velocity) == VelocityBin(current.Velocity)) pattern |= 2;
        if (Delta.Class(aligned.DeltaSteps) == Delta.Class(current.DeltaSteps)) pattern |= 4;
        if (Duration.Class(aligned.DurationSteps) == Duration.Class(current.DurationSteps)) pattern |= 8;
        return pattern;
    }

    /// <summary>
    /// Version 2: writes the one-hots of <paramref name="suggestion"/> into a lookback block laid out like the output
    /// row: its note class (after <paramref name="currentPitch"/>, the pitch of the step's input event, for the interval
    /// head), velocity bin, Δtime class and duration class; regression heads get nothing, nor does a pitch outside 0–127
    /// (<see cref="LookbackFeatures.None"/>: no suggestion at all).
    /// </summary>
    public void EncodeSuggestion(in CategoricalEvent suggestion, int currentPitch, Span<float> block)
    {
        if ((uint)suggestion.Pitch >= Pitches) return;
        var groups = Groups;
        block[NoteClass(suggestion.Pitch, currentPitch)] = 1f;
        if (groups[1].Kind == HeadKind.Classes) block[groups[1].Offset + VelocityBin(suggestion.Velocity)] = 1f;
        if (groups[2].Kind == HeadKind.Classes) block[groups[2].Offset + Delta.Class(suggestion.DeltaSteps)] = 1f;
        if (groups[3].Kind == HeadKind.Classes) block[groups[3].Offset + Duration.Class(suggestion.DurationSteps)] = 1f;
    }

    /// <summary>Writes only the label part of an input row (for a padding row that still carries the label).</summary>
    public void EncodeLabel(int label, Span<float> row)
    {
        if (label >= 0 && label < Labels.Count) row[LabelOffset + label] = 1f;
    }

    /// <summary>The bar position class of a note <paramref name="barStep"/> grid steps into its bar (clamped to the last position).</summary>
    public int BarPositionClass(int barStep) => Math.Clamp(barStep, 0, Math.Max(0, BarPositions - 1));

    /// <summary>ln(beats + <see cref="LogOffsetBeats"/>) of a time in grid steps: what the time regressions predict (as a z-score).</summary>
    public static double LogBeats(int steps) => Math.Log(BeatGrid.Beats(Math.Max(steps, 0)) + LogOffsetBeats);

    /// <summary>The grid steps of a log time (inverse of <see cref="LogBeats"/>, rounded to the grid, at least <paramref name="minimum"/>).</summary>
    private static int StepsOfLog(double logBeats, int minimum) =>
        Math.Max(minimum, BeatGrid.Quantize(Math.Exp(Math.Min(logBeats, 20)) - LogOffsetBeats));

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
            ? Delta.Class(e.DeltaSteps)
            : (float)((LogBeats(e.DeltaSteps) - Scaling.LogDeltaMean) / Scaling.LogDeltaStd);
        target[3] = Timing == HeadKind.Classes
            ? Duration.Class(e.DurationSteps)
            : (float)((LogBeats(e.DurationSteps) - Scaling.LogDurationMean) / Scaling.LogDurationStd);
    }

    /// <summary>
    /// The event chosen by generation: <paramref name="noteClass"/> and, per head, the chosen bin (classes) or the
    /// predicted z-score (regression), decoded to natural units (velocity clamped to 1–127, times to whole grid
    /// steps: Δ ≥ 0, duration ≥ 1). The bar position is left at 0: the caller tracks it (<see cref="BeatTokens.Advance"/>).
    /// </summary>
    public CategoricalEvent Decode(int noteClass, int previousPitch, float velocity, float delta, float duration)
    {
        int v = Velocity == HeadKind.Classes
            ? VelocityOfBin((int)velocity)
            : Math.Clamp((int)Math.Round(velocity * Scaling.VelocityStd + Scaling.VelocityMean), 1, 127);
        int dt = Timing == HeadKind.Classes
            ? Delta.StepsOf((int)delta)
            : StepsOfLog(delta * Scaling.LogDeltaStd + Scaling.LogDeltaMean, 0);
        int length = Timing == HeadKind.Classes
            ? Math.Max(1, Duration.StepsOf((int)duration))
            : StepsOfLog(duration * Scaling.LogDurationStd + Scaling.LogDurationMean, 1);
        return new CategoricalEvent(PitchOfClass(noteClass, previousPitch), v, dt, length);
    }

    /// <summary>Throws a <see cref="Dl4mException"/> naming the field when the encoding is inconsistent.</summary>
    public void Validate()
    {
        if (IntervalRange < 1 || IntervalRange > 127) throw new Dl4mException($"encoding: interval range must be 1–127 (got {IntervalRange})");
        if (VelocityBins < 2 || VelocityBins > 127) throw new Dl4mException($"encoding: velocity bins must be 2–127 (got {VelocityBins})");
        if (TimeUnit != BeatsUnit) throw new Dl4mException($"encoding: time unit must be \"{BeatsUnit}\" (got \"{TimeUnit}\")");
        if (StepsPerBeat != BeatGrid.StepsPerBeat) throw new Dl4mException($"encoding: steps per beat must be {BeatGrid.StepsPerBeat} (got {StepsPerBeat})");
        if (Delta is null || Duration is null) throw new Dl4mException("encoding: Δtime and duration classes are required");
        Delta.Validate("encoding: Δtime classes");
        Duration.Validate("encoding: duration classes");
        if (BarPositions is < 0 or > 255) throw new Dl4mException($"encoding: bar positions must be 0–255 (got {BarPositions})");
        if (!(MedianBpm is >= 10 and <= 400)) throw new Dl4mException($"encoding: median bpm must be 10–400 (got {MedianBpm})");
        ValidateLookbackBars(LookbackBars, "encoding: lookback bars");
        if (LookbackVersion is not (PitchLookback or EventLookback or MatchedEventLookback)) throw new Dl4mException($"encoding: lookback version must be {PitchLookback}, {EventLookback} or {MatchedEventLookback} (got {LookbackVersion})");
        if (Labels.Distinct(StringComparer.Ordinal).Count() != Labels.Count) throw new Dl4mException("encoding: labels must be distinct");
        if (Scaling.VelocityStd <= 0 || Scaling.LogDeltaStd <= 0 || Scaling.LogDurationStd <= 0)
            throw new Dl4mException("encoding: regression standard deviations must be positive");
    }

    /// <summary>Throws a <see cref="Dl4mException"/> (prefixed <paramref name="what"/>) unless <paramref name="bars"/> are at most <see cref="MaxLookbackBars"/> distinct ascending values 1–64.</summary>
    public static void ValidateLookbackBars(IReadOnlyList<int>? bars, string what)
    {
        if (bars is null) throw new Dl4mException($"{what}: must be a list (empty for none)");
        if (bars.Count > MaxLookbackBars) throw new Dl4mException($"{what}: at most {MaxLookbackBars} (got {bars.Count})");
        for (int i = 0; i < bars.Count; i++)
        {
            if (bars[i] is < 1 or > 64) throw new Dl4mException($"{what}: each must be 1–64 bars (got {bars[i]})");
            if (i > 0 && bars[i] <= bars[i - 1]) throw new Dl4mException($"{what}: must be distinct and ascending (got {string.Join(",", bars)})");
        }
    }
}
