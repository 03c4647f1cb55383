using Dl4m.Categorical;
using Dl4m.Generation;
using Dl4m.Generation.Sampling;
using Dl4m.Nn;

namespace Dl4m.Families.Categorical;

/// <summary>
/// Beam search over the note head: W sequences (each with its own recurrent state) are extended by every note class;
/// the W extensions with the highest Σ ln p(note) survive. Velocity, Δtime and duration of each surviving extension are
/// drawn from its parent's output row with the sampling settings (they are not searched). Fixed length: the search
/// runs for exactly the requested number of notes and returns the best sequence.
/// <para>One change to textbook beam search: the note-greedy path (the most likely note after the previous greedy
/// one) is never pruned; when it falls out of the top W it takes the last place. Plain beam search can prune it early
/// and end below greedy decoding (measured on random tiny models); with this rule the result is never less likely
/// than the greedy path, and W = 1 is exactly greedy decoding.</para>
/// </summary>
internal sealed class BeamSearch
{
    private readonly INetwork _model;
    private readonly CategoricalEncoding _encoding;
    private readonly CategoricalHeads _heads;
    private readonly int _width;

    public BeamSearch(INetwork model, CategoricalEncoding encoding, CategoricalHeads heads, int width)
    {
        _model = model;
        _encoding = encoding;
        _heads = heads;
        _width = width;
    }

    /// <summary>Tests: sees every input row fed to the model.</summary>
    public Action<float[]>? InputObserver { get; init; }

    /// <summary>
    /// <paramref name="steps"/> events after the primed <paramref name="start"/> state (whose last output is
    /// <paramref name="startOutput"/>, fed <paramref name="primer"/>: its last pitch is the previous pitch, and each
    /// beam's lookback inputs read its own events, then the primer, back), last bar position
    /// <paramref name="bar"/> in bars of <paramref name="barSteps"/>); each beam tracks its own bar position;
    /// <paramref name="logProbability"/> is the winner's Σ ln p(note). <paramref name="cancel"/> is checked before every step.
    /// </summary>
    public CategoricalEvent[] Run(ISequenceState start, ReadOnlySpan<float> startOutput, ReadOnlySpan<CategoricalEvent> primer, int bar, int barSteps, int label, int steps,
        in SamplingSettings settings, Random random, out double logProbability, CancellationToken cancel = default)
    {
        int w = _width, outputs = _encoding.OutputSize, classes = _heads.NoteClasses;
        var states = new ISequenceState[w];
        var nextStates = new ISequenceState[w];
        for (int i = 0; i < w; i++) (states[i], nextStates[i]) = (_model.CreateSequenceState(), _model.CreateSequenceState());
        states[0].CopyFrom(start);
        var output = new float[w * outputs]; // (W,Out): the last output row of each beam
        var nextOutput = new float[w * outputs];
        startOutput.CopyTo(output);
        var scores = new double[w];
        var nextScores = new double[w];
        var pitches = new int[w];
        var nextPitches = new int[w];
        pitches[0] = primer[^1].Pitch;
        var lookbackBars = _encoding.LookbackBars.ToArray();
        var suggestions = new CategoricalEvent[_encoding.LookbackSlots]; // suggestions, and version 3's aligned events after them
        var bars = new int[w]; // bar position of each beam's last event
        var nextBars = new int[w];
        bars[0] = bar;
        int alive = 1;
        int greedy = 0; // the beam that holds the note-greedy path
        var input = new float[_encoding.InputSize];
        var logp = new double[classes];
        var best = new (double Score, int Beam, int Class)[w]; // the surviving extensions, best first
        var parents = new int[steps * w]; // (steps,W) back-pointers
        var events = new CategoricalEvent[steps * w];

        for (int step = 0; step < steps; step++)
        {
            cancel.ThrowIfCancellationRequested();
            int count = 0;
            (double Score, int Beam, int Class) greedyNext = default;
            for (int b = 0; b < alive; b++)
            {
                var row = output.AsSpan(b * outputs, outputs);
                var masked = _heads.MaskedNotes(row, pitches[b]);
                ClassSampler.LogSoftmax(masked, logp);
                if (b == greedy)
                {
                    int top = ClassSampler.ArgMax(masked);
                    greedyNext = (scores[b] + logp[top], b, top);
                }
                for (int c = 0; c < classes; c++)
                {
                    if (double.IsNegativeInfinity(logp[c])) continue;
                    double score = scores[b] + logp[c];
                    if (count == w && !(score > best[w - 1].Score)) continue;
                    // insertion after every equal score: earlier beams and lower classes win ties
                    int at = count < w ? count++ : w - 1;
                    while (at > 0 && score > best[at - 1].Score) { best[at] = best[at - 1]; at--; }
                    best[at] = (score, b, c);
                }
            }
            if (count == 0) throw new Dl4mException("beam search: the model gives no finite note logit (broken weights?)");
            greedy = Array.IndexOf(best, greedyNext, 0, count);
            if (greedy < 0) best[greedy = count - 1] = greedyNext; // keep the greedy path: it is worse than the others, so the order holds
            for (int j = 0; j < count; j++)
            {
                var (score, parent, noteClass) = best[j];
                var e = _heads.Complete(noteClass, output.AsSpan(parent * outputs, outputs), pitches[parent], settings, random);
                e = e with { BarStep = BeatTokens.Advance(bars[parent], e.DeltaSteps, barSteps) };
                nextStates[j].CopyFrom(states[parent]);
                var older = new BeamHistory(events, parents, w, step - 1, parent, primer);
                LookbackFeatures.Suggest(_encoding, e, ref older, barSteps, lookbackBars, suggestions);
                _encoding.EncodeInput(e, label, suggestions, input);
                InputObserver?.Invoke(input);
                nextStates[j].Step(input, nextOutput.AsSpan(j * outputs, outputs));
                parents[step * w + j] = parent;
                events[step * w + j] = e;
                nextScores[j] = score;
                nextPitches[j] = e.Pitch;
                nextBars[j] = e.BarStep;
            }
            (states, nextStates) = (nextStates, states);
            (output, nextOutput) = (nextOutput, output);
            (scores, nextScores) = (nextScores, scores);
            (pitches, nextPitches) = (nextPitches, pitches);
            (bars, nextBars) = (nextBars, bars);
            alive = count;
        }

        // beam 0 is the best after the last step; follow its parents back
        var result = new CategoricalEvent[steps];
        for (int step = steps - 1, beam = 0; step >= 0; step--)
        {
            result[step] = events[step * w + beam];
            beam = parents[step * w + beam];
        }
        logProbability = steps > 0 ? scores[0] : 0;
        return result;
    }

    /// <summary>The events before a beam's newest one, newest first: its ancestors through the back-pointers, then the primer.</summary>
    private ref struct BeamHistory(CategoricalEvent[] events, int[] parents, int width, int step, int beam, ReadOnlySpan<CategoricalEvent> primer) : IOlderEvents
    {
        private readonly ReadOnlySpan<CategoricalEvent> _primer = primer;
        private int _step = step, _beam = beam, _primerNext = primer.Length - 1;

        public bool TryPrevious(out CategoricalEvent older)
        {
            if (_step >= 0)
            {
                older = events[_step * width + _beam];
                _beam = parents[_step * width + _beam];
                _step--;
                return true;
            }
            if (_primerNext >= 0)
            {
                older = _primer[_primerNext--];
                return true;
            }
            older = default;
            return false;
        }
    }
}
