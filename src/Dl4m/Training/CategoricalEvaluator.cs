using Dl4m.Categorical;
using Dl4m.Nn;
using Dl4m.Training.Losses;

namespace Dl4m.Training;

/// <summary>
/// Measures the categorical model, or a constant prediction (the baselines), on every window of a
/// <see cref="CategoricalWindowSet"/> with <see cref="CategoricalLoss.Measure"/>, in fixed-size batches (buffers made
/// once): note cross-entropy against the smoothed target, the true note's NLL in nats, the heads' parts, argmax accuracy.
/// </summary>
public sealed class CategoricalEvaluator
{
    private readonly CategoricalWindowSet _windows;
    private readonly CategoricalLoss _loss;
    private readonly int _batch;
    private readonly int[] _indices;
    private readonly float[] _input, _target, _prediction;
    private SongLanes? _lanes;
    private int[]? _plan;
    private int _planLanes, _planSteps;

    /// <summary>An evaluator over all windows of <paramref name="windows"/>, <paramref name="batch"/> windows at a time.</summary>
    public CategoricalEvaluator(CategoricalWindowSet windows, CategoricalLoss loss, int batch = 256)
    {
        _windows = windows;
        _loss = loss;
        _batch = Math.Max(1, Math.Min(batch, windows.Count));
        _indices = new int[_batch];
        _input = new float[_batch * windows.Lookback * windows.InputSize];
        _target = new float[_batch * windows.TargetRows * CategoricalEncoding.TargetWidth];
        _prediction = new float[_batch * windows.TargetRows * windows.Encoding.OutputSize];
    }

    /// <summary>The model's parts over every window.</summary>
    public LossSummary Evaluate(INetwork model) => Run((b, input, prediction) => model.Predict(input, b, _windows.Lookback, prediction));

    /// <summary>
    /// The model's parts over every window, each note scored with its whole song before it: whole songs are packed onto
    /// lanes (<see cref="SongLanes.Pack"/>) and each lane's LSTM state carried from one window to the next of the same song,
    /// as generation runs through a song. Windows after a gap left by --max-windows start from zero.
    /// </summary>
    public LossSummary EvaluateInContext(Model model)
    {
        _lanes ??= new SongLanes(_windows);
        if (_plan is null) (_plan, _planLanes, _planSteps) = _lanes.Pack(_batch);
        var sums = new CategoricalLossParts();
        if (_planLanes == 0) return CategoricalSummary.Of(sums);
        int lanes = _planLanes, rowsPerWindow = _windows.TargetRows, width = _windows.Encoding.OutputSize;
        int windowInput = _windows.Lookback * _windows.InputSize, windowTarget = rowsPerWindow * CategoricalEncoding.TargetWidth;
        var state = model.CreateCarriedState(lanes);
        var input = _input.AsSpan(0, lanes * windowInput);
        var target = _target.AsSpan(0, lanes * windowTarget);
        var prediction = _prediction.AsSpan(0, lanes * rowsPerWindow * width);
        for (int step = 0; step < _planSteps; step++)
        {
            for (int b = 0; b < lanes; b++)
            {
                int w = _plan[step * lanes + b];
                int previous = step > 0 ? _plan[(step - 1) * lanes + b] : -1;
                if (w < 0 || previous != w - 1 || !_windows.ContinuesPrevious(w)) state.ResetRow(b);
                _indices[b] = w < 0 ? 0 : w; // a finished lane computes window 0 and is not scored
            }
            _windows.FillBatch(_indices.AsSpan(0, lanes), [], input, target);
            model.Predict(input, lanes, _windows.Lookback, prediction, state);
            for (int b = 0; b < lanes; b++)
                if (_plan[step * lanes + b] >= 0)
                    _loss.Measure(prediction.Slice(b * rowsPerWindow * width, rowsPerWindow * width),
                        target.Slice(b * windowTarget, windowTarget), rowsPerWindow, ref sums);
        }
        return CategoricalSummary.Of(sums);
    }

    /// <summary>The parts of predicting the same output row (logits or z-scores) for every target.</summary>
    public LossSummary Constant(ReadOnlySpan<float> row)
    {
        int width = _windows.Encoding.OutputSize;
        if (row.Length != width) throw new ArgumentException($"a constant prediction needs {width} values (got {row.Length})", nameof(row));
        for (int r = 0; r < _prediction.Length / width; r++) row.CopyTo(_prediction.AsSpan(r * width, width));
        return Run((_, _, _) => { });
    }

    private delegate void Predictor(int batch, ReadOnlySpan<float> input, Span<float> prediction);

    private LossSummary Run(Predictor predict)
    {
        var sums = new CategoricalLossParts();
        int rowsPerWindow = _windows.TargetRows;
        int width = _windows.Encoding.OutputSize;
        for (int first = 0; first < _windows.Count; first += _batch)
        {
            int b = Math.Min(_batch, _windows.Count - first);
            for (int i = 0; i < b; i++) _indices[i] = first + i;
            int rows = b * rowsPerWindow;
            var input = _input.AsSpan(0, b * _windows.Lookback * _windows.InputSize);
            var target = _target.AsSpan(0, rows * CategoricalEncoding.TargetWidth);
            var prediction = _prediction.AsSpan(0, rows * width);
            _windows.FillBatch(_indices.AsSpan(0, b), [], input, target);
            predict(b, input, prediction);
            _loss.Measure(prediction, target, rows, ref sums);
        }
        return CategoricalSummary.Of(sums);
    }
}
