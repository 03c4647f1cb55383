namespace Dl4m.Nn;

/// <summary>
/// The generation state of one sequence together with the network that advances it, step by step: an LSTM's
/// recurrent state (<see cref="InferenceState"/>) or a transformer's key/value cache
/// (<see cref="Transformer.TransformerCache"/>). Generators and beam search see only this.
/// </summary>
public interface ISequenceState
{
    /// <summary>Feeds one input step (F values) and writes the network's output for it (Out values). Allocates nothing.</summary>
    void Step(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>Back to an empty sequence.</summary>
    void Reset();

    /// <summary>Becomes a copy of <paramref name="source"/> (a state of the same network): beam search forks sequences.</summary>
    void CopyFrom(ISequenceState source);
}
