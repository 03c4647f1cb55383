namespace Dl4m.Evaluation;

/// <summary>
/// Memorisation check: the longest run of consecutive notes (exact pitches, in the order notes start: by onset,
/// then pitch) that a song shares with any song of a reference set. Built once as a suffix automaton over all
/// reference songs joined by a separator, so each query costs time linear in its own length, whatever the size
/// of the reference. By default exact pitches, so a transposed copy is not counted; with
/// <c>transpositionInvariant</c> the runs are compared as melodic intervals (pitch differences between consecutive
/// notes), so a copy in another key counts too; lengths are still in notes (k equal intervals = k + 1 notes).
/// </summary>
public sealed class CopyLengthIndex
{
    private const int Separator = int.MinValue; // neither a pitch nor an interval, so no shared run crosses two reference songs
    private readonly bool _intervals;
    private readonly bool _hasNotes;

    // Automaton states: longest length, suffix link, first outgoing edge (-1 = none).
    private readonly List<int> _length = [], _link = [], _firstEdge = [];
    // Outgoing edges as singly linked lists per state: few per state in music, so a walk beats a table of 129.
    private readonly List<int> _edgeSymbol = [], _edgeTarget = [], _edgeNext = [];
    private int _last;

    /// <summary>Indexes the pitch sequences of the reference songs, as pitches or (transposition-invariant) as intervals.</summary>
    public CopyLengthIndex(IEnumerable<IReadOnlyList<byte>> referenceSongs, bool transpositionInvariant = false)
    {
        _intervals = transpositionInvariant;
        _last = NewState(0, -1);
        foreach (var song in referenceSongs)
        {
            _hasNotes |= song.Count > 0;
            foreach (int symbol in Symbols(song)) Extend(symbol);
            Extend(Separator);
        }
    }

    /// <summary>True when runs are compared as intervals (a transposed copy counts).</summary>
    public bool TranspositionInvariant => _intervals;

    /// <summary>States of the automaton (at most twice the indexed notes).</summary>
    public int StateCount => _length.Count;

    /// <summary>The length of the longest run of <paramref name="pitches"/> that occurs in some reference song (0 for none).</summary>
    public int LongestCopy(IReadOnlyList<byte> pitches)
    {
        int state = 0, length = 0, best = 0;
        foreach (int symbol in Symbols(pitches))
        {
            while (state != 0 && Target(state, symbol) < 0)
            {
                state = _link[state];
                length = _length[state];
            }
            int next = Target(state, symbol);
            if (next >= 0)
            {
                state = next;
                length++;
            }
            else
            {
                state = 0;
                length = 0;
            }
            best = Math.Max(best, length);
        }
        // In interval mode a run of k intervals spans k + 1 notes; any single note "matches" once the reference has one.
        return _intervals && pitches.Count > 0 && _hasNotes ? best + 1 : best;
    }

    private IEnumerable<int> Symbols(IReadOnlyList<byte> pitches)
    {
        if (!_intervals)
        {
            foreach (byte pitch in pitches) yield return pitch;
            yield break;
        }
        for (int i = 1; i < pitches.Count; i++) yield return pitches[i] - pitches[i - 1];
    }

    /// <summary>Each file's copy length against this index, in the order of <see cref="EvaluatedSet.Files"/> (null for unreadable files).</summary>
    public int?[] ForFiles(EvaluatedSet set) => set.Files.Select(f => f.Metrics is null ? (int?)null : LongestCopy(f.Metrics.Pitches)).ToArray();

    /// <summary>An index over the songs of a measured set.</summary>
    public static CopyLengthIndex Of(EvaluatedSet reference, bool transpositionInvariant = false) =>
        new(reference.Songs.Select(s => (IReadOnlyList<byte>)s.Pitches), transpositionInvariant);

    private int NewState(int length, int link)
    {
        _length.Add(length);
        _link.Add(link);
        _firstEdge.Add(-1);
        return _length.Count - 1;
    }

    private int Target(int state, int symbol)
    {
        for (int e = _firstEdge[state]; e >= 0; e = _edgeNext[e])
            if (_edgeSymbol[e] == symbol) return _edgeTarget[e];
        return -1;
    }

    private void SetTarget(int state, int symbol, int target)
    {
        for (int e = _firstEdge[state]; e >= 0; e = _edgeNext[e])
        {
            if (_edgeSymbol[e] != symbol) continue;
            _edgeTarget[e] = target;
            return;
        }
        _edgeSymbol.Add(symbol);
        _edgeTarget.Add(target);
        _edgeNext.Add(_firstEdge[state]);
        _firstEdge[state] = _edgeSymbol.Count - 1;
    }

    // The standard online construction (Blumer et al.): one new state per symbol, plus a clone where needed.
    private void Extend(int symbol)
    {
        int current = NewState(_length[_last] + 1, -1);
        int p = _last;
        while (p >= 0 && Target(p, symbol) < 0)
        {
            SetTarget(p, symbol, current);
            p = _link[p];
        }
        if (p < 0)
        {
            _link[current] = 0;
        }
        else
        {
            int q = Target(p, symbol);
            if (_length[p] + 1 == _length[q])
            {
                _link[current] = q;
            }
            else
            {
                int clone = NewState(_length[p] + 1, _link[q]);
                for (int e = _firstEdge[q]; e >= 0; e = _edgeNext[e]) SetTarget(clone, _edgeSymbol[e], _edgeTarget[e]);
                while (p >= 0 && Target(p, symbol) == q)
                {
                    SetTarget(p, symbol, clone);
                    p = _link[p];
                }
                _link[q] = clone;
                _link[current] = clone;
            }
        }
        _last = current;
    }
}
