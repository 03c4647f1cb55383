using Dl4m.Nn;
using Dl4m.Training.Losses;

namespace Dl4m.Training;

/// <summary>
/// Measures a model or a baseline on a <see cref="WindowSet"/> in the training loss's parts plus
/// rounded-note accuracy, in fixed-size batches (the buffers are made once per evaluator).
/// </summary>
public sealed class Evaluator
{
    private readonly WindowSet _windows;
    private readonly ITrainingLoss _loss;
    private readonly FeatureScaling _scaling;
    private readonly int _batch;
    private readonly int[] _indices;
    private readonly float[] _input, _target, _prediction;
    private readonly LossParts _parts = new();

    /// <summary>An evaluator over all windows of <paramref name="windows"/>, <paramref name="batch"/> windows at a time.</summary>
    public Evaluator(WindowSet windows, ITrainingLoss loss, FeatureScaling scaling, int batch = 256)
    {
        _windows = windows;
        _loss = loss;
        _scaling = scaling;
        _batch = Math.Max(1, Math.Min(batch, windows.Count));
        _indices = new int[_batch];
        _input = new float[_batch * windows.Lookback * WindowSet.Features];
        _target = new float[_batch * windows.TargetRows * WindowSet.Features];
        _prediction = new float[_target.Length];
    }

    /// <summary>The model's loss parts and accuracy over every window.</summary>
    public LossSummary Evaluate(INetwork model) => Run((b, input, prediction) => model.Predict(input, b, _windows.Lookback, prediction));

    /// <summary>Baseline: every target predicted by the event just before it.</summary>
    public LossSummary RepeatPrevious() => Run((b, _, prediction) => _windows.FillPreviousEvents(_indices.AsSpan(0, b), prediction));

    /// <summary>Baseline: every target predicted by the training mean (zero in normalised units).</summary>
    public LossSummary TrainingMean() => Run((_, _, prediction) => prediction.Clear());

    private delegate void Predictor(int batch, ReadOnlySpan<float> input, Span<float> prediction);

    private LossSummary Run(Predictor predict)
    {
        if (_windows.Count == 0) return new LossSummary(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        double total = 0, note = 0, velocity = 0, delta = 0;
        long rows = 0, correct = 0;
        for (int first = 0; first < _windows.Count; first += _batch)
        {
            int b = Math.Min(_batch, _windows.Count - first);
            for (int i = 0; i < b; i++) _indices[i] = first + i;
            int values = b * _windows.TargetRows * WindowSet.Features;
            var input = _input.AsSpan(0, b * _windows.Lookback * WindowSet.Features);
            var target = _target.AsSpan(0, values);
            var prediction = _prediction.AsSpan(0, values);
            _windows.FillBatch(_indices.AsSpan(0, b), input, target);
            predict(b, input, prediction);
            int batchRows = values / WindowSet.Features;
            _loss.Compute(prediction, target, [], batchRows, _parts);
            total += _parts.Total * batchRows;
            note += _parts.Note * batchRows;
            velocity += _parts.Velocity * batchRows;
            delta += _parts.DeltaTime * batchRows;
            rows += batchRows;
            for (int r = 0; r < batchRows; r++)
            {
                int o = r * WindowSet.Features + FeatureColumns.Note;
                double predicted = Math.Round(_scaling.NoteFromNormalised(prediction[o]));
                double truth = Math.Round(_scaling.NoteFromNormalised(target[o]));
                if (predicted == truth) correct++;
            }
        }
        return new LossSummary(total / rows, note / rows, velocity / rows, delta / rows, (double)correct / rows);
    }
}
