using Dl4m.Data;
using Dl4m.Training;

namespace Dl4m.Categorical;

/// <summary>
/// The training windows of one split for the categorical model. Built once into compact per-event arrays (pitch
/// after the song's key shift, the pitch before it, velocity bin, Δtime/duration/bar position classes, the three
/// non-note target values, the lookback suggestions of <see cref="LookbackFeatures"/> computed over the whole song)
/// plus per-window first event, label and pitch range, so that <see cref="FillBatch"/> only writes a few ones into a
/// cleared one-hot input and four floats per target row, and allocates nothing.
/// <para>A song's events are its <see cref="BeatTokens"/>: on the beat grid, in canonical order (chords low to high).
/// A window is <see cref="Lookback"/> consecutive events of one song, starting at the song's first event and
/// then every <see cref="Stride"/> events while the targets still fit in the song (a last partial stride is dropped).
/// Its target is the next event (many-to-one) or the window shifted by one (many-to-many).</para>
/// </summary>
public sealed class CategoricalWindowSet
{
    private const int HeadValues = CategoricalEncoding.TargetWidth - 1; // velocity, Δtime, duration

    private readonly CategoricalEncoding _encoding;
    private readonly byte[] _pitch;         // (events) after the song's key shift
    private readonly byte[] _previousPitch; // (events) pitch of the event before; the song's first event: its own
    private readonly byte[] _velocityBin;   // (events)
    private readonly byte[] _deltaBin;      // (events)
    private readonly byte[] _durationBin;   // (events)
    private readonly byte[] _barClass;      // (events) bar position class
    private readonly float[] _heads;        // (events, 3) target values of the velocity, Δtime and duration heads
    private readonly byte[] _suggestions;   // (events, K, S) per entry of LookbackBars: S = 1, the pitch (after the key shift; NoSuggestion = none), or
                                            // S = 4 (lookback version 2): pitch, velocity bin, Δtime class, duration class of the suggested event,
                                            // S = 5 (version 3): those and the match pattern of the entry
    private readonly int[] _starts;         // (windows) first event
    private readonly int[] _labels;         // (windows) label one-hot index or −1
    private readonly int[] _songs;          // (windows) the song's index in the dataset
    private readonly byte[] _lowest;        // (windows) lowest pitch of inputs and targets
    private readonly byte[] _highest;       // (windows) highest pitch of inputs and targets
    private readonly int _velocityOffset, _deltaOffset, _durationOffset, _barOffset, _lookbackOffset, _labelOffset, _lookbacks;
    private readonly int _suggestionValues, _blockWidth;  // S above; values per lookback block of the input row
    private readonly int _blockVelocity, _blockDelta, _blockDuration; // version 2: offsets of the class heads in a block, −1 = regression head
    private const byte NoSuggestion = byte.MaxValue;
    private readonly bool _bars;
    private readonly bool _matches;     // version 3: S = 5, the last byte the match pattern (CategoricalEncoding.MatchPattern; NoSuggestion = none), blocks of class indices
    private readonly int _matchOffset;

    private CategoricalWindowSet(CategoricalEncoding encoding, EventArrays events, WindowArrays windows,
        int lookback, int stride, TrainingMode mode, int songs, int longestSong)
    {
        _encoding = encoding;
        _pitch = events.Pitch;
        _previousPitch = events.PreviousPitch;
        _velocityBin = events.VelocityBin;
        _deltaBin = events.DeltaBin;
        _durationBin = events.DurationBin;
        _barClass = events.BarClass;
        _heads = events.Heads;
        _suggestions = events.Suggestions;
        _starts = windows.Starts;
        _labels = windows.Labels;
        _songs = windows.Songs;
        _lowest = windows.Lowest;
        _highest = windows.Highest;
        Lookback = lookback;
        Stride = stride;
        Mode = mode;
        Songs = songs;
        LongestSong = longestSong;
        _velocityOffset = CategoricalEncoding.Pitches;
        _deltaOffset = _velocityOffset + encoding.VelocityBins;
        _durationOffset = _deltaOffset + encoding.Delta.Count;
        _barOffset = _durationOffset + encoding.Duration.Count;
        _lookbackOffset = encoding.LookbackOffset;
        _matchOffset = encoding.MatchOffset;
        _lookbacks = encoding.LookbackBars.Count;
        _blockWidth = encoding.LookbackBlockWidth;
        _suggestionValues = SuggestionValues(encoding);
        _labelOffset = encoding.LabelOffset;
        _matches = encoding.LookbackVersion == CategoricalEncoding.MatchedEventLookback;
        var groups = encoding.Groups;
        _blockVelocity = groups[1].Kind == HeadKind.Classes ? groups[1].Offset : -1;
        _blockDelta = groups[2].Kind == HeadKind.Classes ? groups[2].Offset : -1;
        _blockDuration = groups[3].Kind == HeadKind.Classes ? groups[3].Offset : -1;
        _bars = encoding.BarPositions > 0;
    }

    /// <summary>The encoding the windows are written in.</summary>
    public CategoricalEncoding Encoding => _encoding;

    /// <summary>Events per input window (T).</summary>
    public int Lookback { get; }

    /// <summary>Events between the starts of two windows of a song.</summary>
    public int Stride { get; }

    /// <summary>Many-to-one or many-to-many targets.</summary>
    public TrainingMode Mode { get; }

    /// <summary>Songs that gave at least one window.</summary>
    public int Songs { get; }

    /// <summary>Events in the longest song considered (with or without windows).</summary>
    public int LongestSong { get; }

    /// <summary>Number of windows.</summary>
    public int Count => _starts.Length;

    /// <summary>Target rows per window: 1 (many-to-one) or lookback (many-to-many).</summary>
    public int TargetRows => Mode == TrainingMode.ManyToOne ? 1 : Lookback;

    /// <summary>Values per input step (<see cref="CategoricalEncoding.InputSize"/>).</summary>
    public int InputSize => _encoding.InputSize;

    /// <summary>Label one-hot index of window <paramref name="window"/>'s song, or −1.</summary>
    public int Label(int window) => _labels[window];

    /// <summary>The dataset index of window <paramref name="window"/>'s song.</summary>
    public int SongOf(int window) => _songs[window];

    /// <summary>
    /// Window <paramref name="window"/> is the next window of the same song as window − 1, <see cref="Stride"/> events
    /// later (with stride = look-back: its first event is the one right after window − 1's last), so an LSTM state can be
    /// carried from one into the other. False for a song's first window, and where <c>maxWindows</c> left a gap.
    /// </summary>
    public bool ContinuesPrevious(int window) =>
        window > 0 && _songs[window] == _songs[window - 1] && _starts[window] == _starts[window - 1] + Stride;

    /// <summary>Lowest and highest pitch among the inputs and targets of window <paramref name="window"/> (after the key shift).</summary>
    public (int Lowest, int Highest) PitchRange(int window) => (_lowest[window], _highest[window]);

    /// <summary>
    /// Builds the windows of <paramref name="split"/>, applying each song's key shift (<see cref="SongKeys.Shift"/>) when
    /// <see cref="CategoricalEncoding.NormalizeKey"/> is set (pitches pushed outside 0–127 by it are clamped). At most
    /// <paramref name="maxSongs"/> songs (in dataset order) and at most <paramref name="maxWindows"/> windows (a subset
    /// chosen with <paramref name="seed"/>), 0 = no limit. Songs with at most lookback events give no window.
    /// <paramref name="songSubset"/>, when given, replaces the split's songs (dataset indices, in the order to use).
    /// </summary>
    /// <exception cref="Dl4mException">Lookback below 1, or more events than one array holds.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Stride below 1.</exception>
    public static CategoricalWindowSet Build(Dataset dataset, DatasetSplit split, CategoricalEncoding encoding, int lookback,
        int stride, TrainingMode mode, int maxSongs = 0, int maxWindows = 0, int seed = 0, IReadOnlyList<int>? songSubset = null)
    {
        if (lookback < 1) throw new Dl4mException($"TrainingOptions.Lookback must be at least 1 (got {lookback})", "TrainingOptions.Lookback");
        // The user's --stride is checked by TrainingOptions.Validate (one rule, one place); here it is a caller's bug.
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        var songs = songSubset is null ? dataset.SongsIn(split) : [.. songSubset];
        if (maxSongs > 0 && songs.Count > maxSongs) songs = songs.GetRange(0, maxSongs);

        long eventCount = 0, windowCount = 0;
        int longest = 0, used = 0;
        foreach (int s in songs)
        {
            int n = dataset.Songs[s].EventCount;
            longest = Math.Max(longest, n);
            if (n <= lookback) continue;
            eventCount += n;
            windowCount += WindowsOf(n, lookback, stride);
            used++;
        }
        if (eventCount > Array.MaxLength / Math.Max(HeadValues, encoding.LookbackBars.Count * SuggestionValues(encoding)))
            throw new Dl4mException($"the {split.ToString().ToLowerInvariant()} split has {eventCount:N0} events, more than one training array holds; lower TrainingOptions.MaxSongs", "TrainingOptions.MaxSongs");

        int lookbacks = encoding.LookbackBars.Count;
        int values = SuggestionValues(encoding);
        var bars = encoding.LookbackBars.ToArray();
        Span<CategoricalEvent> suggested = stackalloc CategoricalEvent[encoding.LookbackSlots]; // suggestions (and version 3's aligned events)
        var events = new EventArrays((int)eventCount, lookbacks * values);
        var windows = new WindowArrays((int)windowCount);
        Span<float> target = stackalloc float[CategoricalEncoding.TargetWidth];
        int row = 0, w = 0;
        foreach (int s in songs)
        {
            var song = dataset.SongEvents(s);
            if (song.Length <= lookback) continue;
            int keyShift = encoding.NormalizeKey ? SongKeys.Shift(song) : 0;
            int label = encoding.Labels.Count > 0 ? encoding.LabelIndex(dataset.Songs[s].Label) : -1;
            var tokens = BeatTokens.Of(song, out int[] barSteps);
            for (int i = 0; i < tokens.Length; i++)
                tokens[i] = tokens[i] with { Pitch = Math.Clamp(tokens[i].Pitch + keyShift, 0, CategoricalEncoding.Pitches - 1) };
            for (int i = 0; i < tokens.Length; i++)
            {
                var e = tokens[i];
                int at = row + i;
                LookbackFeatures.Suggest(encoding, tokens, i, barSteps[i], bars, suggested);
                for (int k = 0; k < lookbacks; k++)
                {
                    var suggestion = suggested[k];
                    var to = events.Suggestions.AsSpan((at * lookbacks + k) * values, values);
                    to[0] = suggestion.Pitch == LookbackFeatures.None ? NoSuggestion : (byte)suggestion.Pitch;
                    if (values == 5) to[4] = encoding.MatchPattern(e, suggested[lookbacks + k]) is int pattern and >= 0 ? (byte)pattern : NoSuggestion;
                    if (values == 1 || suggestion.Pitch == LookbackFeatures.None) continue;
                    to[1] = (byte)encoding.VelocityBin(suggestion.Velocity);
                    to[2] = (byte)encoding.Delta.Class(suggestion.DeltaSteps);
                    to[3] = (byte)encoding.Duration.Class(suggestion.DurationSteps);
                }
                events.Pitch[at] = (byte)e.Pitch;
                events.PreviousPitch[at] = i == 0 ? (byte)e.Pitch : events.Pitch[at - 1];
                events.VelocityBin[at] = (byte)encoding.VelocityBin(e.Velocity);
                events.DeltaBin[at] = (byte)encoding.Delta.Class(e.DeltaSteps);
                events.DurationBin[at] = (byte)encoding.Duration.Class(e.DurationSteps);
                events.BarClass[at] = (byte)encoding.BarPositionClass(e.BarStep);
                encoding.EncodeTarget(e, events.PreviousPitch[at], target);
                target[1..].CopyTo(events.Heads.AsSpan(at * HeadValues, HeadValues));
            }
            for (int i = 0; i + lookback < song.Length; i += stride)
            {
                int first = row + i;
                // inputs are events first…first+T−1, targets first+1…first+T (both modes): T+1 events in all
                var pitches = events.Pitch.AsSpan(first, lookback + 1);
                windows.Starts[w] = first;
                windows.Labels[w] = label;
                windows.Songs[w] = s;
                windows.Lowest[w] = pitches[System.Numerics.Tensors.TensorPrimitives.IndexOfMin(pitches)];
                windows.Highest[w] = pitches[System.Numerics.Tensors.TensorPrimitives.IndexOfMax(pitches)];
                w++;
            }
            row += song.Length;
        }
        if (maxWindows > 0 && windows.Starts.Length > maxWindows)
        {
            var order = new int[windows.Starts.Length];
            EpochShuffle.Fill(order, seed, -1);
            var kept = order.AsSpan(0, maxWindows).ToArray();
            Array.Sort(kept);
            windows = windows.Subset(kept);
        }
        return new CategoricalWindowSet(encoding, events, windows, lookback, stride, mode, used, longest);
    }

    /// <summary>Windows of a song of <paramref name="events"/> events (more than lookback): starts 0, stride, … with start + lookback &lt; events.</summary>
    private static int WindowsOf(int events, int lookback, int stride) => (events - lookback - 1) / stride + 1;

    /// <summary>
    /// Draws a transposition per window for augmentation: uniform over −<paramref name="maxShift"/>…+<paramref name="maxShift"/>
    /// limited to the shifts that keep every input and target pitch of the window within 0–127. Allocates nothing.
    /// </summary>
    public void DrawTranspositions(ReadOnlySpan<int> windows, int maxShift, Random random, Span<int> shifts)
    {
        if (shifts.Length != windows.Length) throw new ArgumentException($"{shifts.Length} shifts for {windows.Length} windows", nameof(shifts));
        if (maxShift < 0) throw new ArgumentOutOfRangeException(nameof(maxShift), $"transposition range must not be negative (got {maxShift})");
        for (int b = 0; b < windows.Length; b++)
        {
            int w = windows[b];
            int low = Math.Max(-maxShift, -_lowest[w]);
            int high = Math.Min(maxShift, CategoricalEncoding.Pitches - 1 - _highest[w]);
            shifts[b] = random.Next(low, high + 1);
        }
    }

    /// <summary>
    /// Writes windows <paramref name="windows"/> into a one-hot (B,T,InputSize) input and a (B,TargetRows,4) target,
    /// B = windows.Length, each window transposed by <paramref name="shifts"/>[b] semitones (empty = no transposition):
    /// input pitches and pitch targets move, interval targets do not. Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">Buffer sizes do not match, or a shift moves a pitch outside 0–127.</exception>
    public void FillBatch(ReadOnlySpan<int> windows, ReadOnlySpan<int> shifts, Span<float> input, Span<float> target)
    {
        int inputSize = _encoding.InputSize;
        int inputWidth = Lookback * inputSize;
        int targetRows = TargetRows;
        int targetWidth = targetRows * CategoricalEncoding.TargetWidth;
        if (input.Length != windows.Length * inputWidth || target.Length != windows.Length * targetWidth)
            throw new ArgumentException($"batch buffers hold {input.Length}/{target.Length} values, {windows.Length} windows need {windows.Length * inputWidth}/{windows.Length * targetWidth}");
        if (!shifts.IsEmpty && shifts.Length != windows.Length)
            throw new ArgumentException($"{shifts.Length} shifts for {windows.Length} windows", nameof(shifts));
        int targetOffset = Mode == TrainingMode.ManyToOne ? Lookback : 1; // first target event, from the window's start

        input.Clear();
        for (int b = 0; b < windows.Length; b++)
        {
            int w = windows[b];
            int shift = shifts.IsEmpty ? 0 : shifts[b];
            if (_lowest[w] + shift < 0 || _highest[w] + shift >= CategoricalEncoding.Pitches)
                throw new ArgumentException($"shift {shift} moves window {w} (pitches {_lowest[w]}–{_highest[w]}) outside 0–127", nameof(shifts));
            int first = _starts[w];
            int label = _labels[w];
            var rows = input.Slice(b * inputWidth, inputWidth); // (T, InputSize)
            for (int t = 0; t < Lookback; t++)
            {
                int e = first + t;
                var x = rows.Slice(t * inputSize, inputSize);
                x[_pitch[e] + shift] = 1f;
                x[_velocityOffset + _velocityBin[e]] = 1f;
                x[_deltaOffset + _deltaBin[e]] = 1f;
                x[_durationOffset + _durationBin[e]] = 1f;
                if (_bars) x[_barOffset + _barClass[e]] = 1f;
                if (_suggestionValues == 1)
                {
                    for (int k = 0; k < _lookbacks; k++)
                    {
                        // a suggestion is shifted like the pitches; one the shift pushes out of 0–127 is dropped
                        int suggestion = _suggestions[e * _lookbacks + k];
                        if (suggestion != NoSuggestion && (uint)(suggestion + shift) < CategoricalEncoding.Pitches)
                            x[_lookbackOffset + k * CategoricalEncoding.Pitches + suggestion + shift] = 1f;
                    }
                }
                else
                {
                    WriteEventSuggestions(e, shift, x);
                }
                if (label >= 0) x[_labelOffset + label] = 1f;
            }
            var targets = target.Slice(b * targetWidth, targetWidth); // (TargetRows, 4)
            for (int r = 0; r < targetRows; r++)
            {
                int e = first + targetOffset + r;
                var y = targets.Slice(r * CategoricalEncoding.TargetWidth, CategoricalEncoding.TargetWidth);
                y[0] = _encoding.NoteClass(_pitch[e] + shift, _previousPitch[e] + shift);
                y[1] = _heads[e * HeadValues];
                y[2] = _heads[e * HeadValues + 1];
                y[3] = _heads[e * HeadValues + 2];
            }
        }
    }

    /// <summary>
    /// Version 2: the lookback blocks of event <paramref name="e"/>'s input row <paramref name="x"/>, as
    /// <see cref="CategoricalEncoding.EncodeSuggestion"/> writes them in generation. A pitch head's suggestion moves with
    /// the transposition (dropped when it leaves 0–127: the rest of the event is still suggested); an interval stays.
    /// </summary>
    private void WriteEventSuggestions(int e, int shift, Span<float> x)
    {
        for (int k = 0; k < _lookbacks; k++)
        {
            var s = _suggestions.AsSpan((e * _lookbacks + k) * _suggestionValues, _suggestionValues);
            if (_matches)
            {
                WriteIndexedSuggestion(e, shift, k, s, x);
                continue;
            }
            if (s[0] == NoSuggestion) continue;
            var block = x.Slice(_lookbackOffset + k * _blockWidth, _blockWidth);
            if (_encoding.Notes == NoteTarget.Pitch)
            {
                if ((uint)(s[0] + shift) < CategoricalEncoding.Pitches) block[s[0] + shift] = 1f;
            }
            else
            {
                block[_encoding.NoteClass(s[0], _pitch[e])] = 1f;
            }
            if (_blockVelocity >= 0) block[_blockVelocity + s[1]] = 1f;
            if (_blockDelta >= 0) block[_blockDelta + s[2]] = 1f;
            if (_blockDuration >= 0) block[_blockDuration + s[3]] = 1f;
        }
    }

    /// <summary>
    /// Version 3: entry <paramref name="k"/>'s match flag and its suggestion as class indices + 1, as
    /// <see cref="CategoricalEncoding.EncodeInput(in CategoricalEvent, int, ReadOnlySpan{CategoricalEvent}, Span{float})"/>
    /// writes them in generation (a pitch suggestion the transposition pushes out of 0–127 is dropped, the rest stays).
    /// </summary>
    private void WriteIndexedSuggestion(int e, int shift, int k, ReadOnlySpan<byte> s, Span<float> x)
    {
        if (s[4] != NoSuggestion) x[_matchOffset + k * CategoricalEncoding.MatchValues + s[4]] = 1f;
        if (s[0] == NoSuggestion) return;
        var block = x.Slice(_lookbackOffset + k * _blockWidth, _blockWidth);
        if (_encoding.Notes != NoteTarget.Pitch) block[0] = _encoding.NoteClass(s[0], _pitch[e]) + 1;
        else if ((uint)(s[0] + shift) < CategoricalEncoding.Pitches) block[0] = s[0] + shift + 1;
        if (_blockVelocity >= 0) block[1] = s[1] + 1;
        if (_blockDelta >= 0) block[2] = s[2] + 1;
        if (_blockDuration >= 0) block[3] = s[3] + 1;
    }

    /// <summary>Bytes stored per event and lookback entry: the pitch (version 1), pitch and three head classes (version 2), and the match pattern (version 3).</summary>
    private static int SuggestionValues(CategoricalEncoding encoding) => encoding.LookbackVersion switch
    {
        CategoricalEncoding.PitchLookback => 1,
        CategoricalEncoding.EventLookback => 4,
        _ => 5,
    };

    /// <summary>
    /// Frequencies of the note classes among the targets of every window (untransposed), with
    /// <paramref name="additive"/> added to each class's count first (so a class never seen keeps a finite
    /// log-probability): the unigram model, whose NLL on another split (<see cref="MeanNoteNll"/>) is the baseline
    /// a note head must beat.
    /// </summary>
    public double[] NoteClassFrequencies(double additive = 1.0)
    {
        if (!(additive >= 0)) throw new ArgumentOutOfRangeException(nameof(additive), $"additive count must not be negative (got {additive})");
        var counts = new double[_encoding.NoteClasses];
        counts.AsSpan().Fill(additive);
        ForEachTarget((noteClass, _) => counts[noteClass] += 1);
        double total = counts.Sum();
        if (total > 0)
            for (int i = 0; i < counts.Length; i++) counts[i] /= total;
        return counts;
    }

    /// <summary>Mean −ln p(true note class) over the targets of every window (untransposed), in nats, under the fixed distribution <paramref name="probabilities"/>; NaN without windows.</summary>
    public double MeanNoteNll(ReadOnlySpan<double> probabilities)
    {
        if (probabilities.Length != _encoding.NoteClasses)
            throw new ArgumentException($"{probabilities.Length} probabilities for {_encoding.NoteClasses} note classes", nameof(probabilities));
        double sum = 0;
        long rows = 0;
        var p = probabilities.ToArray();
        ForEachTarget((noteClass, _) => { sum -= Math.Log(p[noteClass]); rows++; });
        return rows > 0 ? sum / rows : double.NaN;
    }

    /// <summary>Share of target rows whose pitch repeats the pitch before it (the "repeat the previous note" baseline's accuracy); NaN without windows.</summary>
    public double RepeatPreviousAccuracy()
    {
        long same = 0, rows = 0;
        ForEachTarget((_, e) => { if (_pitch[e] == _previousPitch[e]) same++; rows++; });
        return rows > 0 ? (double)same / rows : double.NaN;
    }

    private void ForEachTarget(Action<int, int> visit)
    {
        int targetOffset = Mode == TrainingMode.ManyToOne ? Lookback : 1;
        foreach (int first in _starts)
            for (int r = 0; r < TargetRows; r++)
            {
                int e = first + targetOffset + r;
                visit(_encoding.NoteClass(_pitch[e], _previousPitch[e]), e);
            }
    }

    /// <summary>Per-event arrays of a split, filled by <see cref="Build"/>.</summary>
    private sealed class EventArrays(int count, int suggestionValues)
    {
        public readonly byte[] Suggestions = new byte[(long)count * suggestionValues];
        public readonly byte[] Pitch = new byte[count];
        public readonly byte[] PreviousPitch = new byte[count];
        public readonly byte[] VelocityBin = new byte[count];
        public readonly byte[] DeltaBin = new byte[count];
        public readonly byte[] DurationBin = new byte[count];
        public readonly byte[] BarClass = new byte[count];
        public readonly float[] Heads = new float[(long)count * HeadValues];
    }

    /// <summary>Per-window arrays of a split, filled by <see cref="Build"/>.</summary>
    private sealed class WindowArrays(int count)
    {
        public readonly int[] Starts = new int[count];
        public readonly int[] Labels = new int[count];
        public readonly int[] Songs = new int[count];
        public readonly byte[] Lowest = new byte[count];
        public readonly byte[] Highest = new byte[count];

        /// <summary>The windows at <paramref name="kept"/> (sorted indices), in that order.</summary>
        public WindowArrays Subset(int[] kept)
        {
            var subset = new WindowArrays(kept.Length);
            for (int i = 0; i < kept.Length; i++)
            {
                subset.Starts[i] = Starts[kept[i]];
                subset.Labels[i] = Labels[kept[i]];
                subset.Songs[i] = Songs[kept[i]];
                subset.Lowest[i] = Lowest[kept[i]];
                subset.Highest[i] = Highest[kept[i]];
            }
            return subset;
        }
    }
}
