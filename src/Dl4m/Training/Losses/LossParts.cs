namespace Dl4m.Training.Losses;

/// <summary>
/// The parts of one loss evaluation, filled in by <see cref="ITrainingLoss.Compute"/> (a reusable object,
/// so a training loop reports parts without allocating). Each part is a mean over the batch's rows,
/// before the weights; <see cref="Total"/> is the weighted sum that is minimised.
/// </summary>
public sealed class LossParts
{
    /// <summary>Note part: the musical note loss in semitone terms (combined loss) or the note's MSE in normalised units (MSE loss).</summary>
    public double Note { get; set; }

    /// <summary>MSE of velocity, in normalised units.</summary>
    public double Velocity { get; set; }

    /// <summary>MSE of Δtime, in normalised units.</summary>
    public double DeltaTime { get; set; }

    /// <summary>The weighted total, as returned by <see cref="ITrainingLoss.Compute"/>.</summary>
    public double Total { get; set; }

    /// <summary>Sets all parts to zero.</summary>
    public void Clear() => (Note, Velocity, DeltaTime, Total) = (0, 0, 0, 0);
}
