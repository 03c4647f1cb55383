using Dl4m.Training.Losses;

namespace Dl4m.Training;

/// <summary>Turns the categorical loss's sums over rows into a <see cref="LossSummary"/> of means.</summary>
internal static class CategoricalSummary
{
    /// <summary>
    /// Means per row: total = note cross-entropy (against the smoothed target) + velocity + Δtime + duration, as trained;
    /// the note NLL in nats; accuracy = argmax hits. NaN when there are no rows.
    /// </summary>
    public static LossSummary Of(in CategoricalLossParts sums)
    {
        if (sums.Rows == 0) return new LossSummary(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN) { NoteNll = double.NaN, Duration = double.NaN };
        double rows = sums.Rows;
        double note = sums.NoteCrossEntropy / rows, velocity = sums.Velocity / rows, delta = sums.Delta / rows, duration = sums.Duration / rows;
        return new LossSummary(note + velocity + delta + duration, note, velocity, delta, sums.NoteCorrect / rows)
        {
            NoteNll = sums.NoteNll / rows,
            Duration = duration,
        };
    }
}
