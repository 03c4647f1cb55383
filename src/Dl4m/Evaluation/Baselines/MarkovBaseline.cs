namespace Dl4m.Evaluation.Baselines;

/// <summary>
/// An order-n Markov chain over events: the state is the previous n (pitch, quantised Δtime) pairs, and the next
/// event is a uniformly chosen training event that followed that state (so its pitch, Δtime, duration and velocity
/// come from the corpus, with the corpus's conditional frequencies). A state never seen in training backs off
/// to the last n−1 pairs, and so on down to order 0 (any training event). Songs start with a training song's first event.
/// </summary>
public sealed class MarkovBaseline : IBaseline
{
    /// <summary>Highest supported order: a state packs into one 64-bit key.</summary>
    public const int MaxOrder = 4;

    /// <summary>Δtime quantisation step of the state, in seconds (Δtimes above 63 steps share one bucket).</summary>
    public const double DeltaStepSeconds = 0.02;

    private readonly BaselineNote[] _events;
    private readonly int[] _starts;
    // Per order k (1..n): state key → indices into _events of the events that followed that state.
    private readonly Dictionary<long, List<int>>[] _next;
    private readonly int _order;

    /// <summary>Counts the transitions of every order up to <paramref name="order"/> over the training songs.</summary>
    public MarkovBaseline(TrainingSongs training, int order)
    {
        if (order is < 1 or > MaxOrder) throw new Dl4mException($"BaselineOptions.Order must be 1 to {MaxOrder}, not {order}", "BaselineOptions.Order");
        _order = order;
        _events = training.Songs.SelectMany(s => s).ToArray();
        _next = new Dictionary<long, List<int>>[order + 1];
        for (int k = 1; k <= order; k++) _next[k] = new Dictionary<long, List<int>>();
        var starts = new List<int>();
        int offset = 0;
        foreach (var song in training.Songs)
        {
            starts.Add(offset);
            for (int i = 1; i < song.Length; i++)
            {
                for (int k = 1; k <= order && k <= i; k++)
                {
                    long key = Key(song.AsSpan(i - k, k));
                    if (!_next[k].TryGetValue(key, out var list)) _next[k][key] = list = [];
                    list.Add(offset + i);
                }
            }
            offset += song.Length;
        }
        _starts = starts.ToArray();
    }

    /// <inheritdoc />
    public List<BaselineNote> Generate(Random random, int noteCount)
    {
        var song = new List<BaselineNote>(noteCount);
        if (noteCount <= 0) return song;
        song.Add(_events[_starts[random.Next(_starts.Length)]] with { DeltaSeconds = 0 });
        var history = new BaselineNote[_order];
        while (song.Count < noteCount)
        {
            int known = Math.Min(_order, song.Count);
            for (int i = 0; i < known; i++) history[i] = song[song.Count - known + i];
            song.Add(_events[NextEvent(random, history.AsSpan(0, known))]);
        }
        return song;
    }

    private int NextEvent(Random random, ReadOnlySpan<BaselineNote> history)
    {
        for (int k = history.Length; k >= 1; k--)
        {
            if (_next[k].TryGetValue(Key(history[^k..]), out var followers))
                return followers[random.Next(followers.Count)];
        }
        return random.Next(_events.Length);
    }

    /// <summary>The Δtime bucket of the state: 0–63 steps of <see cref="DeltaStepSeconds"/>.</summary>
    public static int DeltaBucket(double seconds) => (int)Math.Clamp(Math.Round(seconds / DeltaStepSeconds), 0, 63);

    // 13 bits per (pitch, bucket) pair, at most 4 pairs: 52 bits.
    private static long Key(ReadOnlySpan<BaselineNote> state)
    {
        long key = 0;
        foreach (var note in state) key = (key << 13) | (long)((note.Pitch & 127) << 6 | DeltaBucket(note.DeltaSeconds));
        return key;
    }
}
