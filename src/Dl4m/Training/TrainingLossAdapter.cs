using Dl4m.Nn;
using Dl4m.Training.Losses;

namespace Dl4m.Training;

/// <summary>
/// Lets the engine train on an <see cref="ITrainingLoss"/>: each worker's call fills its own
/// <see cref="LossParts"/>, and <see cref="Combine"/> weights them by rows into the batch's parts.
/// Allocation-free once it has seen every worker index.
/// </summary>
public sealed class TrainingLossAdapter : IOutputLoss
{
    private LossParts[] _parts = [];
    private int[] _rows = [];

    /// <summary>Wraps <paramref name="loss"/> for a model with at most <paramref name="threads"/> workers.</summary>
    public TrainingLossAdapter(ITrainingLoss loss, int threads)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads));
        Loss = loss;
        _parts = [.. Enumerable.Range(0, threads).Select(_ => new LossParts())];
        _rows = new int[threads];
    }

    /// <summary>The wrapped loss.</summary>
    public ITrainingLoss Loss { get; }

    /// <inheritdoc />
    public double Compute(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient, int rows, int worker)
    {
        if ((uint)worker >= (uint)_parts.Length)
            throw new InvalidOperationException($"worker {worker} is beyond the {_parts.Length} threads this loss adapter was made for");
        _rows[worker] = rows;
        return Loss.Compute(output, target, gradient, rows, _parts[worker]);
    }

    /// <summary>Writes the row-weighted mean of the parts of the last step's workers into <paramref name="total"/>.</summary>
    public void Combine(LossParts total)
    {
        total.Clear();
        long rows = 0;
        for (int w = 0; w < _parts.Length; w++) rows += _rows[w];
        if (rows == 0) return;
        for (int w = 0; w < _parts.Length; w++)
        {
            if (_rows[w] == 0) continue;
            double share = (double)_rows[w] / rows;
            total.Note += share * _parts[w].Note;
            total.Velocity += share * _parts[w].Velocity;
            total.DeltaTime += share * _parts[w].DeltaTime;
            total.Total += share * _parts[w].Total;
        }
        Array.Clear(_rows); // a worker that sits out the next step (smaller batch) must not count twice
    }
}
