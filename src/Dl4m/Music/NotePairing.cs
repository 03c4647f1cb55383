using Dl4m.Midi;

namespace Dl4m.Music;

/// <summary>
/// The one rule for what a note is, used by the dataset (<c>Data.NoteEventExtractor</c>) and the metrics
/// (<c>Evaluation.EvaluationNotes</c>) alike, so training data and evaluation agree on every note:
/// <list type="bullet">
/// <item>A note starts at a note-on with velocity above 0. A note-off, or a note-on with velocity 0, ends a note.</item>
/// <item>Pairing is within one track, by channel and pitch: an off never ends a note of another track (two tracks doubling
/// a pitch on one channel keep their own lengths).</item>
/// <item>First in, first out: an off ends the oldest open note of its channel and pitch. With a re-struck pitch written
/// as on–on–off–off, each on gets its own off; an on written before the previous note's off at the same tick
/// (on–off at one tick) leaves the new note open and ends the old one.</item>
/// <item>An off with no open note is ignored.</item>
/// <item>A note still open at the end of its track (hanging) ends at the track's last event, and is marked
/// <see cref="NoteEnd.Hanging"/>.</item>
/// <item>An end before its start (only in a track whose events are out of time order) is moved to the start.</item>
/// </list>
/// This is MusPy's default (<c>read_midi</c> with the mido backend, <c>duplicate_note_mode='fifo'</c>), which our
/// metrics are checked against. pretty_midi differs in two ways we do not follow: one note-off there ends every open
/// note of its pitch (so on–on–off–off loses the second note's own length), and hanging notes are dropped.
/// <para>
/// An instance keeps its buffers between tracks (no allocation per event once grown), so it belongs to one thread.
/// </para>
/// </summary>
public sealed class NotePairing
{
    private const int Keys = 16 * 128; // (channel, pitch)

    private readonly int[] _head = new int[Keys];
    private readonly int[] _tail = new int[Keys];
    private readonly bool[] _used = new bool[Keys];
    private readonly List<int> _usedKeys = []; // keys opened in this track, so the reset touches only those
    private int[] _next = new int[256]; // FIFO link: the next open note-on (event index) of the same key

    /// <summary>Creates a pairing with empty queues.</summary>
    public NotePairing()
    {
        Array.Fill(_head, -1);
        Array.Fill(_tail, -1);
    }

    /// <summary>
    /// Pairs the notes of one track. For each index <c>i</c> of <paramref name="events"/> that starts a note
    /// (<see cref="MidiEvent.IsNoteOn"/>), <paramref name="ends"/>[i] is where that note ends; other entries are left as
    /// they were.
    /// </summary>
    /// <param name="events">One track's events, in file order.</param>
    /// <param name="ends">At least as long as <paramref name="events"/>.</param>
    /// <returns>How many notes were left hanging.</returns>
    public int PairTrack(ReadOnlySpan<MidiEvent> events, Span<NoteEnd> ends)
    {
        if (ends.Length < events.Length) throw new ArgumentException($"{ends.Length} ends for {events.Length} events", nameof(ends));
        if (_next.Length < events.Length) _next = new int[Math.Max(events.Length, _next.Length * 2)];
        for (int i = 0; i < events.Length; i++)
        {
            ref readonly var e = ref events[i];
            if (e.Type is not (MidiEventType.NoteOn or MidiEventType.NoteOff)) continue;
            int key = (e.Channel & 15) * 128 + (e.Data1 & 127);
            if (e.IsNoteOn) Open(key, i);
            else if (Close(key) is int on and >= 0)
                ends[on] = new NoteEnd(Math.Max(e.Tick, events[on].Tick), Hanging: false);
        }

        int hanging = 0;
        long trackEnd = events.Length > 0 ? events[^1].Tick : 0;
        foreach (int key in _usedKeys)
        {
            for (int on = _head[key]; on >= 0; on = _next[on], hanging++)
                ends[on] = new NoteEnd(Math.Max(trackEnd, events[on].Tick), Hanging: true);
            _head[key] = _tail[key] = -1;
            _used[key] = false;
        }
        _usedKeys.Clear();
        return hanging;
    }

    /// <summary>Convenience for tools and tests: the ends of one track's notes in a new array (see <see cref="PairTrack"/>).</summary>
    public static NoteEnd[] Pair(ReadOnlySpan<MidiEvent> events)
    {
        var ends = new NoteEnd[events.Length];
        new NotePairing().PairTrack(events, ends);
        return ends;
    }

    private void Open(int key, int index)
    {
        _next[index] = -1;
        if (_tail[key] >= 0) _next[_tail[key]] = index;
        else
        {
            if (!_used[key]) { _used[key] = true; _usedKeys.Add(key); }
            _head[key] = index;
        }
        _tail[key] = index;
    }

    private int Close(int key)
    {
        int index = _head[key];
        if (index < 0) return -1;
        _head[key] = _next[index];
        if (_head[key] < 0) _tail[key] = -1;
        return index;
    }
}
