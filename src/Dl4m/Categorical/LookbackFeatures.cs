namespace Dl4m.Categorical;

/// <summary>
/// The lookback inputs of the categorical model (the idea of Magenta's Lookback RNN, for event tokens): at the step
/// whose input is event i (and whose target is event i+1), for each k of <see cref="CategoricalEncoding.LookbackBars"/>,
/// find the last event j with onset_j ≤ onset_i − k·L (L: the bar length in grid steps; onsets: cumulative Δ steps)
/// and suggest the pitch of event j+1: the note that followed that point k bars ago. "Repeat what came one bar ago"
/// then becomes a linear map from an input block to the note head, instead of something the LSTM has to remember
/// exactly over dozens of events. No suggestion when there is no such j; j+1 is at most i, so the target and later
/// events are never fed.
/// <para>Walking back stops once the longest look-back is reached, so the cost per event is the events of the last
/// max(k) bars, whatever the song's length.</para>
/// </summary>
public static class LookbackFeatures
{
    /// <summary>"No suggestion".</summary>
    public const int None = -1;

    /// <summary>
    /// Writes the suggestions for the step whose input is <paramref name="current"/> into <paramref name="suggestions"/>
    /// (one pitch or <see cref="None"/> per entry of <paramref name="bars"/>, which must be ascending), walking back
    /// through <paramref name="older"/> (the events before <paramref name="current"/>, newest first), bars of
    /// <paramref name="barSteps"/> grid steps.
    /// </summary>
    public static void Compute<TOlder>(in CategoricalEvent current, ref TOlder older, int barSteps, ReadOnlySpan<int> bars, Span<int> suggestions)
        where TOlder : IOlderEvents, allows ref struct
    {
        Span<CategoricalEvent> events = stackalloc CategoricalEvent[bars.Length];
        ComputeEvents(current, ref older, barSteps, bars, events);
        for (int k = 0; k < bars.Length; k++) suggestions[k] = events[k].Pitch;
    }

    /// <summary>
    /// As <see cref="Compute{TOlder}(in CategoricalEvent, ref TOlder, int, ReadOnlySpan{int}, Span{int})"/>, but each
    /// suggestion is the whole event j+1 (pitch, velocity, Δtime, duration: "if the song repeats from k bars back, the
    /// next event would be this"), <see cref="NoEvent"/> (pitch <see cref="None"/>) when there is none. The lookback
    /// inputs of version 2 and the copy layer read them (<see cref="CategoricalEncoding.LookbackVersion"/>).
    /// </summary>
    public static void ComputeEvents<TOlder>(in CategoricalEvent current, ref TOlder older, int barSteps, ReadOnlySpan<int> bars, scoped Span<CategoricalEvent> suggestions)
        where TOlder : IOlderEvents, allows ref struct
    {
        suggestions[..bars.Length].Fill(NoEvent);
        if (bars.IsEmpty) return;
        long bar = Math.Max(1, barSteps);
        int resolved = 0;
        long elapsed = 0; // onset_i − onset_j of the event j just read
        var after = current; // event j+1
        while (resolved < bars.Length && older.TryPrevious(out var e))
        {
            elapsed += after.DeltaSteps; // onset_{j+1} − onset_j
            // bars are ascending, so their thresholds k·L are too: every k reached here is resolved by this j
            while (resolved < bars.Length && elapsed >= bars[resolved] * bar)
                suggestions[resolved++] = after;
            after = e;
        }
    }

    /// <summary>Chord notes a group holds for <see cref="ComputeAlignedEvents{TOlder}"/>; larger chords share the last rank.</summary>
    private const int MaxChord = 64;

    /// <summary>
    /// Lookback version 2's suggestions: as <see cref="ComputeEvents{TOlder}(in CategoricalEvent, ref TOlder, int, ReadOnlySpan{int}, Span{CategoricalEvent})"/>,
    /// but aligned inside chords. Event i has rank r in its onset (r events before it share its onset; chords are written
    /// low to high). k bars back, the onset group G is the events at the latest onset ≤ onset_i − k·L, and the aligned
    /// event is G's event of rank min(r, |G| − 1); the suggestion is the event after it. Version 1 takes G's last event
    /// for every rank, which suggests the next onset's lowest note to each inner chord note: when the song repeats, the
    /// notes after a chord's first (the melody on top, among them) got a wrong suggestion; here every note of a repeated
    /// chord gets the right one. Same walk-back cost: the events of the last max(k) bars (a chord is read once).
    /// <para><paramref name="aligned"/>, when not empty, receives the aligned events themselves (what event i would be if
    /// the song repeated from k bars back; <see cref="NoEvent"/> when there is none): lookback version 3's match flags
    /// compare them with event i.</para>
    /// </summary>
    public static void ComputeAlignedEvents<TOlder>(in CategoricalEvent current, ref TOlder older, int barSteps, ReadOnlySpan<int> bars, scoped Span<CategoricalEvent> suggestions,
        scoped Span<CategoricalEvent> aligned = default)
        where TOlder : IOlderEvents, allows ref struct
    {
        suggestions[..bars.Length].Fill(NoEvent);
        if (!aligned.IsEmpty) aligned[..bars.Length].Fill(NoEvent);
        if (bars.IsEmpty) return;
        long bar = Math.Max(1, barSteps);
        Span<CategoricalEvent> group = stackalloc CategoricalEvent[MaxChord + 1]; // [0]: the event after the group, then its events newest first
        int resolved = 0, rank = 0;
        bool ranking = true;  // still reading the events on event i's own onset
        long elapsed = 0;     // onset_i − onset_j of the event j just read
        var after = current;  // event j+1
        while (resolved < bars.Length && older.TryPrevious(out var e))
        {
            elapsed += after.DeltaSteps; // onset_{j+1} − onset_j
            if (ranking && elapsed == 0) { rank++; after = e; continue; }
            ranking = false;
            if (elapsed < bars[resolved] * bar) { after = e; continue; }
            // e is the newest event of the group at onset_i − elapsed: read the rest of it (each older member has Δ 0 after it)
            group[0] = after;
            group[1] = e;
            int size = 1;
            var oldest = e;
            while (oldest.DeltaSteps == 0 && older.TryPrevious(out var member))
            {
                if (size < MaxChord) group[size + 1] = member;
                size++;
                oldest = member;
            }
            // the member of rank min(r, |G| − 1) is at newest-first position |G| − 1 − min(r, |G| − 1); the event after it, one before
            int position = Math.Min(size - 1 - Math.Min(rank, size - 1), MaxChord - 1);
            var suggestion = group[position]; // group[position + 1] is the aligned member; group[position] follows it
            while (resolved < bars.Length && elapsed >= bars[resolved] * bar)
            {
                if (!aligned.IsEmpty) aligned[resolved] = group[position + 1];
                suggestions[resolved++] = suggestion;
            }
            after = oldest;
        }
    }

    /// <summary>The aligned suggestions of <see cref="ComputeAlignedEvents{TOlder}"/> for <paramref name="song"/>[<paramref name="index"/>].</summary>
    public static void ComputeAlignedEvents(ReadOnlySpan<CategoricalEvent> song, int index, int barSteps, ReadOnlySpan<int> bars, scoped Span<CategoricalEvent> suggestions)
    {
        var older = new SpanOlderEvents(song, index);
        ComputeAlignedEvents(song[index], ref older, barSteps, bars, suggestions);
    }

    /// <summary>
    /// The suggestions of <paramref name="encoding"/>'s lookback version for the step whose input is <paramref name="current"/>:
    /// version 1 (pitch) takes each group's last event, versions 2 and 3 align inside chords (<see cref="ComputeAlignedEvents{TOlder}"/>),
    /// and version 3 writes the aligned events after the suggestions (<see cref="CategoricalEncoding.LookbackSlots"/> in all).
    /// Training (<see cref="CategoricalWindowSet"/>) and generation call this one rule.
    /// </summary>
    public static void Suggest<TOlder>(CategoricalEncoding encoding, in CategoricalEvent current, ref TOlder older, int barSteps, ReadOnlySpan<int> bars, scoped Span<CategoricalEvent> suggestions)
        where TOlder : IOlderEvents, allows ref struct
    {
        if (suggestions.Length < encoding.LookbackSlots)
            throw new ArgumentException($"room for {suggestions.Length} lookback events, the encoding writes {encoding.LookbackSlots}", nameof(suggestions));
        if (encoding.LookbackVersion == CategoricalEncoding.MatchedEventLookback)
            ComputeAlignedEvents(current, ref older, barSteps, bars, suggestions[..bars.Length], suggestions.Slice(bars.Length, bars.Length));
        else if (encoding.LookbackVersion == CategoricalEncoding.EventLookback) ComputeAlignedEvents(current, ref older, barSteps, bars, suggestions);
        else ComputeEvents(current, ref older, barSteps, bars, suggestions);
    }

    /// <summary><see cref="Suggest{TOlder}"/> for <paramref name="song"/>[<paramref name="index"/>].</summary>
    public static void Suggest(CategoricalEncoding encoding, ReadOnlySpan<CategoricalEvent> song, int index, int barSteps, ReadOnlySpan<int> bars, scoped Span<CategoricalEvent> suggestions)
    {
        var older = new SpanOlderEvents(song, index);
        Suggest(encoding, song[index], ref older, barSteps, bars, suggestions);
    }

    /// <summary>"No suggestion" as an event: pitch <see cref="None"/>.</summary>
    public static readonly CategoricalEvent NoEvent = new(None, 0, 0, 0);

    /// <summary>The whole-event suggestions for the step whose input is <paramref name="song"/>[<paramref name="index"/>].</summary>
    public static void ComputeEvents(ReadOnlySpan<CategoricalEvent> song, int index, int barSteps, ReadOnlySpan<int> bars, scoped Span<CategoricalEvent> suggestions)
    {
        var older = new SpanOlderEvents(song, index);
        ComputeEvents(song[index], ref older, barSteps, bars, suggestions);
    }

    /// <summary>The suggestions for the step whose input is <paramref name="song"/>[<paramref name="index"/>].</summary>
    public static void Compute(ReadOnlySpan<CategoricalEvent> song, int index, int barSteps, ReadOnlySpan<int> bars, Span<int> suggestions)
    {
        var older = new SpanOlderEvents(song, index);
        Compute(song[index], ref older, barSteps, bars, suggestions);
    }

    /// <summary>The events before index <c>next</c> of a span, newest first.</summary>
    private ref struct SpanOlderEvents(ReadOnlySpan<CategoricalEvent> song, int index) : IOlderEvents
    {
        private readonly ReadOnlySpan<CategoricalEvent> _song = song;
        private int _next = index - 1;

        public bool TryPrevious(out CategoricalEvent older)
        {
            if (_next < 0) { older = default; return false; }
            older = _song[_next--];
            return true;
        }
    }
}
