using System.Numerics.Tensors;
using Dl4m.Categorical;
using Dl4m.Nn;

namespace Dl4m.Training.Losses;

/// <summary>
/// The categorical model's training loss, per output row (one predicted event): the note head's softmax
/// cross-entropy against the smoothed target row of the true class (<see cref="MusicalSmoothing"/>), plus for
/// velocity, Δtime and duration either the cross-entropy on the true bin (<see cref="HeadKind.Classes"/>) or the
/// squared error of the z-score (<see cref="HeadKind.Regression"/>). The training loss is the mean over rows of the
/// sum of the four. Targets are compact: 4 floats per row (<see cref="CategoricalEncoding.TargetWidth"/>: note class,
/// then bin index or z-score per head), so <see cref="TargetWidth"/> is 4 whatever the output width.
/// <para>Use: <c>model.ComputeGradients(input, target, batch, steps, loss)</c>, then <see cref="Combine"/> for the
/// step's parts; <see cref="Measure"/> after <c>model.Predict</c> for validation. Each worker writes its own slot,
/// so one instance serves <c>threads</c> workers; allocates nothing per step.</para>
/// </summary>
public sealed class CategoricalLoss : IOutputLoss
{
    private readonly OutputGroup[] _groups;
    private readonly float[]? _noteTable;
    private readonly CategoricalLossParts[] _parts;

    /// <summary>
    /// The loss for <paramref name="encoding"/>, with the note targets of
    /// <see cref="MusicalSmoothing.Table"/>(<paramref name="encoding"/>, <paramref name="smoothing"/>,
    /// <paramref name="smoothingTemperature"/>) (ε = 0: plain cross-entropy on the true class), for a model run with at
    /// most <paramref name="threads"/> threads.
    /// </summary>
    /// <exception cref="Dl4mException">Invalid smoothing or temperature, or threads below 1.</exception>
    public CategoricalLoss(CategoricalEncoding encoding, double smoothing, double smoothingTemperature, int threads)
        : this(encoding, smoothing == 0 ? null : MusicalSmoothing.Table(encoding, smoothing, smoothingTemperature), threads)
    {
        if (smoothing == 0) MusicalSmoothing.Table(encoding, 0, smoothingTemperature); // still validates the temperature
        Smoothing = smoothing;
        SmoothingTemperature = smoothingTemperature;
    }

    /// <summary>
    /// The loss with an explicit note target table: <paramref name="noteTable"/> is (C×C) row-major, row c the target
    /// distribution for true class c (each row sums to 1), or null for one-hot targets. For tests and experiments.
    /// </summary>
    /// <exception cref="Dl4mException">The table is not C×C for the encoding's C note classes, or threads is below 1.</exception>
    public CategoricalLoss(CategoricalEncoding encoding, float[]? noteTable, int threads)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        if (threads < 1) throw new Dl4mException($"categorical loss: threads must be at least 1 (got {threads})");
        Encoding = encoding;
        _groups = encoding.Groups;
        OutputSize = encoding.OutputSize;
        int classes = encoding.NoteClasses;
        if (noteTable is not null && noteTable.Length != classes * classes)
            throw new Dl4mException($"categorical loss: the note target table has {noteTable.Length} values, {classes} note classes need {classes}×{classes}");
        _noteTable = noteTable;
        _parts = new CategoricalLossParts[threads];
    }

    /// <summary>The encoding whose output heads and targets this loss reads.</summary>
    public CategoricalEncoding Encoding { get; }

    /// <summary>ε of the musical label smoothing (0 with an explicit or no table).</summary>
    public double Smoothing { get; }

    /// <summary>τ of the musical label smoothing.</summary>
    public double SmoothingTemperature { get; } = MusicalSmoothing.DefaultTemperature;

    /// <summary>Values per output row (the encoding's <see cref="CategoricalEncoding.OutputSize"/>).</summary>
    public int OutputSize { get; }

    /// <summary>Always <see cref="CategoricalEncoding.TargetWidth"/> (4).</summary>
    public int TargetWidth(int outputSize) => CategoricalEncoding.TargetWidth;

    /// <inheritdoc />
    public double Compute(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient, int rows, int worker)
    {
        if ((uint)worker >= (uint)_parts.Length)
            throw new InvalidOperationException($"worker {worker} is beyond the {_parts.Length} threads this categorical loss was made for");
        CheckShapes(output, target, rows);
        if (gradient.Length != output.Length)
            throw new ArgumentException($"categorical loss: gradient has {gradient.Length} values, the output {output.Length}", nameof(gradient));
        var sums = default(CategoricalLossParts);
        float scale = 1f / rows; // d mean / d row loss
        for (int r = 0; r < rows; r++)
            Row(output.Slice(r * OutputSize, OutputSize), target.Slice(r * CategoricalEncoding.TargetWidth, CategoricalEncoding.TargetWidth),
                gradient.Slice(r * OutputSize, OutputSize), scale, ref sums);
        _parts[worker] = sums;
        return sums.Total / rows;
    }

    /// <summary>
    /// The sums of the parts over the rows of the last <c>ComputeGradients</c> call (all workers together), and
    /// clears them: call it once after each training step whose parts you want (not concurrently with a step).
    /// </summary>
    public CategoricalLossParts Combine()
    {
        var total = default(CategoricalLossParts);
        for (int w = 0; w < _parts.Length; w++) total.Add(_parts[w]);
        Array.Clear(_parts); // a worker that sits out the next step (smaller batch) must not count twice
        return total;
    }

    /// <summary>
    /// Adds the parts of <paramref name="rows"/> rows to <paramref name="sums"/> without gradients (validation after
    /// <c>Model.Predict</c>): <paramref name="output"/> (rows × OutputSize), <paramref name="target"/> (rows × 4).
    /// Allocates nothing; thread-safe.
    /// </summary>
    public void Measure(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int rows, ref CategoricalLossParts sums)
    {
        CheckShapes(output, target, rows);
        for (int r = 0; r < rows; r++)
            Row(output.Slice(r * OutputSize, OutputSize), target.Slice(r * CategoricalEncoding.TargetWidth, CategoricalEncoding.TargetWidth),
                default, 0f, ref sums);
    }

    private void CheckShapes(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int rows)
    {
        if (rows < 1) throw new ArgumentException($"categorical loss: rows must be at least 1 (got {rows})", nameof(rows));
        if (output.Length != (long)rows * OutputSize)
            throw new Dl4mException($"categorical loss: output has {output.Length} values, {rows} rows of {OutputSize} need {(long)rows * OutputSize}");
        if (target.Length != (long)rows * CategoricalEncoding.TargetWidth)
            throw new Dl4mException($"categorical loss: target has {target.Length} values, {rows} rows of {CategoricalEncoding.TargetWidth} need {(long)rows * CategoricalEncoding.TargetWidth}");
    }

    /// <summary>One row's four parts into <paramref name="sums"/>; with a gradient row, writes scale·d loss / d output.</summary>
    private void Row(ReadOnlySpan<float> y, ReadOnlySpan<float> t, Span<float> g, float scale, ref CategoricalLossParts sums)
    {
        bool withGradient = !g.IsEmpty;
        var note = _groups[0];
        int c = ClassOf(t[0], note);
        var logits = y.Slice(note.Offset, note.Width);
        float logSumExp = withGradient
            ? SoftmaxCrossEntropy.Softmax(logits, g.Slice(note.Offset, note.Width), scale)   // g = scale·softmax
            : SoftmaxCrossEntropy.LogSumExp(logits);
        float nll = logSumExp - logits[c];
        float crossEntropy = nll;
        if (_noteTable is not null)
        {
            var q = _noteTable.AsSpan(c * note.Width, note.Width);
            crossEntropy = logSumExp - TensorPrimitives.Dot(q, logits);
            if (withGradient) TensorPrimitives.FusedMultiplyAdd(q, -scale, g.Slice(note.Offset, note.Width), g.Slice(note.Offset, note.Width));
        }
        else if (withGradient)
        {
            g[note.Offset + c] -= scale;
        }
        sums.NoteCrossEntropy += crossEntropy;
        sums.NoteNll += nll;
        if (TensorPrimitives.IndexOfMax(logits) == c) sums.NoteCorrect++;
        sums.Velocity += Head(_groups[1], y, t[1], g, scale);
        sums.Delta += Head(_groups[2], y, t[2], g, scale);
        sums.Duration += Head(_groups[3], y, t[3], g, scale);
        sums.Rows++;
    }

    /// <summary>A velocity/Δtime/duration head's loss: cross-entropy on the bin, or the squared error of the z-score.</summary>
    private static float Head(in OutputGroup head, ReadOnlySpan<float> y, float target, Span<float> g, float scale)
    {
        if (head.Kind == HeadKind.Regression)
        {
            float error = y[head.Offset] - target;
            if (!g.IsEmpty) g[head.Offset] = 2f * scale * error;
            return error * error;
        }
        int bin = ClassOf(target, head);
        var logits = y.Slice(head.Offset, head.Width);
        return g.IsEmpty
            ? SoftmaxCrossEntropy.Index(logits, bin)
            : SoftmaxCrossEntropy.Index(logits, bin, g.Slice(head.Offset, head.Width), scale);
    }

    private static int ClassOf(float value, in OutputGroup head)
    {
        if (!(value >= 0 && value < head.Width) || value != MathF.Floor(value))
            throw new Dl4mException($"categorical loss: {head.Name} target {value} is not a class 0…{head.Width - 1}");
        return (int)value;
    }
}
