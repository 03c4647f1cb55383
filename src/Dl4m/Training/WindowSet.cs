using Dl4m.Data;

namespace Dl4m.Training;

/// <summary>
/// The training windows of one split: the split's events, normalised once into one flat (events, 3)
/// float array (songs one after the other), and the index of each window's first event. A window is
/// <see cref="Lookback"/> consecutive events of one song; its target is the next event (many-to-one) or
/// the window shifted by one (many-to-many), so assembling a batch is two memcpys per window.
/// Songs with fewer than lookback + 1 events have no window and are skipped.
/// </summary>
public sealed class WindowSet
{
    /// <summary>Features per event (note, velocity, Δtime in seconds).</summary>
    public const int Features = 3;

    private readonly float[] _features; // (events, 3) normalised
    private readonly int[] _starts;     // first event of each window, into _features' rows

    private WindowSet(float[] features, int[] starts, int lookback, TrainingMode mode, int songs, int longestSong)
    {
        _features = features;
        _starts = starts;
        Lookback = lookback;
        Mode = mode;
        Songs = songs;
        LongestSong = longestSong;
    }

    /// <summary>Events per input window.</summary>
    public int Lookback { get; }

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

    /// <summary>The normalised events, (events, 3) row-major.</summary>
    public ReadOnlySpan<float> Events => _features;

    /// <summary>First event (row of <see cref="Events"/>) of window <paramref name="window"/>.</summary>
    public int Start(int window) => _starts[window];

    /// <summary>
    /// Builds the windows of <paramref name="split"/>: at most <paramref name="maxSongs"/> songs (in dataset order)
    /// and at most <paramref name="maxWindows"/> windows (a subset chosen with <paramref name="seed"/>), 0 = no limit.
    /// </summary>
    public static WindowSet Build(Dataset dataset, DatasetSplit split, FeatureScaling scaling, int lookback, TrainingMode mode,
        int maxSongs = 0, int maxWindows = 0, int seed = 0)
    {
        if (lookback < 1) throw new Dl4mException($"TrainingOptions.Lookback must be at least 1 (got {lookback})", "TrainingOptions.Lookback");
        var songs = dataset.SongsIn(split);
        if (maxSongs > 0 && songs.Count > maxSongs) songs = songs.GetRange(0, maxSongs);
        long events = 0;
        long windows = 0;
        int longest = 0, used = 0;
        foreach (int s in songs)
        {
            int n = dataset.Songs[s].EventCount;
            longest = Math.Max(longest, n);
            if (n <= lookback) continue;
            events += n;
            windows += n - lookback;
            used++;
        }
        if (events > Array.MaxLength / Features)
            throw new Dl4mException($"the {split.ToString().ToLowerInvariant()} split has {events:N0} events, more than one training array holds; lower TrainingOptions.MaxSongs", "TrainingOptions.MaxSongs");
        var features = new float[events * Features];
        var starts = new int[windows];
        int row = 0, w = 0;
        foreach (int s in songs)
        {
            var songEvents = dataset.SongEvents(s);
            if (songEvents.Length <= lookback) continue;
            for (int i = 0; i < songEvents.Length; i++)
                scaling.Normalise(songEvents[i], features.AsSpan((row + i) * Features, Features));
            for (int i = 0; i + lookback < songEvents.Length; i++) starts[w++] = row + i;
            row += songEvents.Length;
        }
        if (maxWindows > 0 && starts.Length > maxWindows)
        {
            var order = new int[starts.Length];
            EpochShuffle.Fill(order, seed, -1);
            var kept = order.AsSpan(0, maxWindows).ToArray();
            Array.Sort(kept);
            for (int i = 0; i < kept.Length; i++) kept[i] = starts[kept[i]];
            starts = kept;
        }
        return new WindowSet(features, starts, lookback, mode, used, longest);
    }

    /// <summary>
    /// Copies the windows <paramref name="windows"/> into a (B,T,3) input and a (B,3) or (B,T,3) target,
    /// B = windows.Length. Allocates nothing.
    /// </summary>
    public void FillBatch(ReadOnlySpan<int> windows, Span<float> input, Span<float> target) => FillBatch(windows, [], input, target);

    /// <summary>
    /// <see cref="FillBatch(ReadOnlySpan{int}, Span{float}, Span{float})"/> with window b transposed: <paramref name="noteShifts"/>[b]
    /// (normalised units, semitones / NoteStd; see <see cref="DrawTranspositions"/>) added to the note of every input and
    /// target row of the window; empty = no transposition. Allocates nothing.
    /// </summary>
    public void FillBatch(ReadOnlySpan<int> windows, ReadOnlySpan<float> noteShifts, Span<float> input, Span<float> target)
    {
        int inputWidth = Lookback * Features;
        int targetWidth = TargetRows * Features;
        int targetOffset = Mode == TrainingMode.ManyToOne ? Lookback : 1; // events from the window's start
        if (input.Length != windows.Length * inputWidth || target.Length != windows.Length * targetWidth)
            throw new ArgumentException($"batch buffers hold {input.Length}/{target.Length} values, {windows.Length} windows need {windows.Length * inputWidth}/{windows.Length * targetWidth}");
        if (!noteShifts.IsEmpty && noteShifts.Length != windows.Length)
            throw new ArgumentException($"{noteShifts.Length} note shifts for {windows.Length} windows", nameof(noteShifts));
        ReadOnlySpan<float> all = _features;
        for (int b = 0; b < windows.Length; b++)
        {
            int start = _starts[windows[b]] * Features;
            var x = input.Slice(b * inputWidth, inputWidth);    // (T,3)
            var y = target.Slice(b * targetWidth, targetWidth); // (rows,3)
            all.Slice(start, inputWidth).CopyTo(x);
            all.Slice(start + targetOffset * Features, targetWidth).CopyTo(y);
            if (noteShifts.IsEmpty || noteShifts[b] == 0f) continue;
            float shift = noteShifts[b];
            for (int i = 0; i < x.Length; i += Features) x[i] += shift;
            for (int i = 0; i < y.Length; i += Features) y[i] += shift;
        }
    }

    /// <summary>
    /// Draws a transposition per window for augmentation, in normalised note units (k / NoteStd for k semitones):
    /// k uniform over −<paramref name="maxShift"/>…+<paramref name="maxShift"/>, limited so that every input and target
    /// note of the window stays within 0–127. Allocates nothing.
    /// </summary>
    public void DrawTranspositions(ReadOnlySpan<int> windows, int maxShift, FeatureScaling scaling, Random random, Span<float> noteShifts)
    {
        if (noteShifts.Length != windows.Length) throw new ArgumentException($"{noteShifts.Length} note shifts for {windows.Length} windows", nameof(noteShifts));
        if (maxShift < 0) throw new ArgumentOutOfRangeException(nameof(maxShift), $"transposition range must not be negative (got {maxShift})");
        ReadOnlySpan<float> all = _features;
        for (int b = 0; b < windows.Length; b++)
        {
            // inputs and targets are the events start…start+T in both modes
            int start = _starts[windows[b]];
            float lowest = float.PositiveInfinity, highest = float.NegativeInfinity;
            for (int e = start; e <= start + Lookback; e++)
            {
                float note = all[e * Features];
                lowest = Math.Min(lowest, note);
                highest = Math.Max(highest, note);
            }
            int lowPitch = (int)Math.Round(scaling.NoteFromNormalised(lowest));
            int highPitch = (int)Math.Round(scaling.NoteFromNormalised(highest));
            int low = Math.Min(0, Math.Max(-maxShift, -lowPitch));
            int high = Math.Max(0, Math.Min(maxShift, 127 - highPitch));
            noteShifts[b] = (float)(random.Next(low, high + 1) / scaling.NoteStd);
        }
    }

    /// <summary>
    /// The "repeat the previous event" prediction for the targets of <paramref name="windows"/>, laid out as
    /// <see cref="FillBatch(ReadOnlySpan{int}, Span{float}, Span{float})"/> lays out targets: each target event predicted by the event just before it.
    /// </summary>
    public void FillPreviousEvents(ReadOnlySpan<int> windows, Span<float> prediction)
    {
        int targetWidth = TargetRows * Features;
        int offset = Mode == TrainingMode.ManyToOne ? Lookback - 1 : 0;
        ReadOnlySpan<float> all = _features;
        for (int b = 0; b < windows.Length; b++)
            all.Slice((_starts[windows[b]] + offset) * Features, targetWidth).CopyTo(prediction.Slice(b * targetWidth, targetWidth));
    }
}
