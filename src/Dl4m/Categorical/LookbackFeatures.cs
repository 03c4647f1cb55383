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
