namespace Dl4m.Evaluation.Baselines;

/// <summary>The baselines a trained model must beat.</summary>
public enum BaselineKind
{
    /// <summary>Pitch, velocity, Δtime and duration each drawn independently from the train split's events.</summary>
    Random,

    /// <summary>An order-n Markov chain over (note, quantised Δtime) events of the train split, backing off to lower orders.</summary>
    Markov,

    /// <summary>Excerpts copied verbatim from training songs: the ceiling for realism, the floor for originality.</summary>
    Copy,
}
