using Dl4m.Categorical;
using Dl4m.Data;
using Dl4m.Nn;
using Dl4m.Training;
using Dl4m.Training.Losses;

namespace Dl4m.Families.Categorical;

/// <summary>
/// The categorical model's side of training: one-hot windows (strided, transposed on the fly), the
/// <see cref="CategoricalLoss"/> (musically smoothed note cross-entropy + velocity, Δtime and duration heads),
/// validation in nats per note, and the uniform and unigram baselines.
/// <para>With <see cref="StateMode.Carry"/> the batch rows are lanes through whole songs (<see cref="SongLanes"/>): the
/// LSTM state of a row is carried from one window to the next window of the same song and zeroed where a row starts
/// another song; a song is transposed as a whole (one draw per song and epoch, so a carried state sees one key). The
/// carried state also restarts from zero at every validation, which is where checkpoints are written, so a run resumed
/// from a checkpoint continues bit-identically. Validation scores every note with its whole song before it.</para>
/// </summary>
internal sealed class CategoricalTrainingTask : ITrainingTask
{
    private readonly CategoricalWindowSet _train;
    private readonly CategoricalWindowSet _validation;
    private readonly CategoricalLoss _loss;
    private readonly CategoricalEvaluator _evaluator;
    private readonly TrainingOptions _options;
    private readonly int[] _shifts;
    private Random _random = new(0);
    private CategoricalLossParts _stretch;
    private readonly SongLanes? _lanes;     // Carry only
    private readonly int[] _previous;       // (B) the window each row trained last, −1 = none: the next one restarts
    private readonly bool[] _restart;       // (B) the row starts from zero in the next step
    private readonly int[] _songShifts;     // (segments) this epoch's transposition of each song, Carry only
    private CarriedState? _carried;

    private CategoricalTrainingTask(CategoricalWindowSet train, CategoricalWindowSet validation, ValidationSample sample, CategoricalLoss loss,
        TrainingOptions options)
    {
        ValidationSample = sample;
        _train = train;
        _validation = validation;
        _loss = loss;
        _options = options;
        _shifts = new int[options.Batch];
        _previous = new int[options.Batch];
        _restart = new bool[options.Batch];
        Array.Fill(_previous, -1);
        // the transformer's record has no state: its windows always start from zero
        if ((options.Family as CategoricalOptions)?.State == StateMode.Carry) _lanes = new SongLanes(train);
        _songShifts = new int[_lanes?.Segments ?? 0];
        _evaluator = new CategoricalEvaluator(validation, loss, options.ValidationBatch);
        Baselines = [("uniform", _evaluator.Constant(new float[train.Encoding.OutputSize])), ("unigram", _evaluator.Constant(UnigramRow(train)))];
    }

    /// <summary>
    /// The encoding fitted on the training split under the options (heads, bins, labels, key normalisation), with
    /// lookback inputs of <paramref name="lookbackVersion"/> (<see cref="CategoricalEncoding.LookbackVersion"/>).
    /// </summary>
    public static CategoricalEncoding FitEncoding(Dataset dataset, TrainingOptions options, int lookbackVersion = CategoricalEncoding.MatchedEventLookback)
    {
        var own = options.FamilyAs<CategoricalTokenOptions>();
        return CategoricalEncodingBuilder.Fit(dataset, new CategoricalEncodingOptions
        {
            Notes = own.Notes,
            IntervalRange = own.IntervalRange,
            Velocity = own.Velocity,
            Timing = own.Timing,
            Labels = own.Labels == LabelConditioning.Auto,
            NormalizeKey = own.NormalizeKey,
            LookbackBars = own.LookbackBars,
            LookbackVersion = lookbackVersion,
        });
    }

    /// <summary>Builds the windows of both splits (errors name the look-back or the missing split), the loss and the baselines.</summary>
    public static CategoricalTrainingTask Create(Dataset dataset, string dataFolder, TrainingOptions options, CategoricalEncoding encoding, ITrainingLoss? injectedLoss = null)
    {
        if (injectedLoss is not null) throw new ArgumentException("an injected loss is for the original model only", nameof(injectedLoss));
        var own = options.FamilyAs<CategoricalTokenOptions>();
        var train = CategoricalWindowSet.Build(dataset, DatasetSplit.Train, encoding, options.Lookback, options.EffectiveStride, own.WindowMode,
            options.MaxSongs, options.MaxWindows, options.Seed);
        TrainingWindows.Check(new(train.Count, train.Songs), train.LongestSong, DatasetSplit.Train, dataFolder, options);
        // Validation windows keep the training stride, so each validation note is scored about once with stride = look-back.
        // A large split is validated on a fixed subset of whole songs (--val-events), so a validation stays cheap.
        var splitSongs = dataset.SongsIn(DatasetSplit.Validation);
        if (options.MaxSongs > 0 && splitSongs.Count > options.MaxSongs) splitSongs = splitSongs.GetRange(0, options.MaxSongs);
        var (songs, sample) = ValidationSubset.Choose(dataset, splitSongs, options.Lookback, own.ValidationEvents);
        var validation = CategoricalWindowSet.Build(dataset, DatasetSplit.Validation, encoding, options.Lookback, options.EffectiveStride, own.WindowMode,
            maxWindows: options.MaxWindows, seed: options.Seed, songSubset: songs);
        TrainingWindows.Check(new(validation.Count, validation.Songs), validation.LongestSong, DatasetSplit.Validation, dataFolder, options);
        var loss = new CategoricalLoss(encoding, own.Smoothing, own.SmoothingTemperature, options.Threads);
        return new CategoricalTrainingTask(train, validation, sample, loss, options);
    }

    /// <summary>The encoding the windows are built with (written as encoding.json).</summary>
    public CategoricalEncoding Encoding => _train.Encoding;

    public string LossName => "categorical";
    public int InputSize => _train.Encoding.InputSize;
    public int OutputSize => _train.Encoding.OutputSize;
    public WindowCounts Train => new(_train.Count, _train.Songs);
    public WindowCounts Validation => new(_validation.Count, _validation.Songs);
    public ValidationSample? ValidationSample { get; }
    public int InputValuesPerWindow => _train.Lookback * _train.InputSize;
    public int TargetValuesPerWindow => _train.TargetRows * CategoricalEncoding.TargetWidth;
    public IReadOnlyList<(string Name, LossSummary Loss)> Baselines { get; }

    public void FillOrder(Span<int> order, int seed, int epoch)
    {
        if (_lanes is null) EpochShuffle.Fill(order, seed, epoch);
        else _lanes.FillOrder(order, _options.Batch, seed, epoch);
    }

    public void BeginEpoch(int epoch, ReadOnlySpan<int> order, int firstStep, int batch)
    {
        Array.Fill(_previous, -1); // a new epoch (or a resumed one) starts every row from zero
        if (_options.AugmentTranspose == 0) return;
        if (_lanes is not null)
        {
            // One draw per song, all at the epoch's start: a function of (seed, epoch), whatever step a resumed run starts at.
            _random = TranspositionDraws.ForEpoch(_options.Seed, epoch);
            for (int segment = 0; segment < _songShifts.Length; segment++)
            {
                var (lowest, highest) = _lanes.PitchRange(segment);
                int low = Math.Max(-_options.AugmentTranspose, -lowest);
                int high = Math.Min(_options.AugmentTranspose, CategoricalEncoding.Pitches - 1 - highest);
                _songShifts[segment] = _random.Next(low, high + 1);
            }
            return;
        }
        _random = TranspositionDraws.ForEpoch(_options.Seed, epoch);
        for (int step = 0; step < firstStep; step++)
            _train.DrawTranspositions(order.Slice(step * batch, batch), _options.AugmentTranspose, _random, _shifts);
    }

    public void FillTrainBatch(ReadOnlySpan<int> windows, Span<float> input, Span<float> target)
    {
        if (_lanes is not null)
        {
            var songShifts = _shifts.AsSpan(0, windows.Length);
            for (int b = 0; b < windows.Length; b++)
            {
                int w = windows[b];
                _restart[b] = !(_previous[b] == w - 1 && _train.ContinuesPrevious(w));
                _previous[b] = w;
                songShifts[b] = _options.AugmentTranspose == 0 ? 0 : _songShifts[_lanes.SegmentOf(w)];
            }
            _train.FillBatch(windows, _options.AugmentTranspose == 0 ? [] : songShifts, input, target);
            return;
        }
        if (_options.AugmentTranspose == 0)
        {
            _train.FillBatch(windows, [], input, target);
            return;
        }
        var shifts = _shifts.AsSpan(0, windows.Length);
        _train.DrawTranspositions(windows, _options.AugmentTranspose, _random, shifts);
        _train.FillBatch(windows, shifts, input, target);
    }

    public IOutputLoss StepLoss(int epoch) => _loss;

    public void RecordStep() => _stretch.Add(_loss.Combine());

    public double StretchTotal => _stretch.Rows > 0 ? CategoricalSummary.Of(_stretch).Total : double.NaN;

    public LossSummary EndStretch()
    {
        var summary = CategoricalSummary.Of(_stretch);
        _stretch = default;
        return summary;
    }

    public CarriedState? CarriedStateFor(INetwork network)
    {
        if (_lanes is null || network is not Model model) return null;
        if (_carried is null || _carried.Model != model) _carried = model.CreateCarriedState(_options.Batch);
        for (int b = 0; b < _restart.Length; b++)
            if (_restart[b]) _carried.ResetRow(b);
        return _carried;
    }

    /// <summary>
    /// Every validation note scored with its whole song before it (the state carried through the song's windows, as
    /// generation runs), with the NLL of each note scored within its window only beside it. Restarts the training lanes'
    /// state: validations are where checkpoints are written, and a resumed run starts from zero there too.
    /// </summary>
    public LossSummary Validate(INetwork network)
    {
        Array.Fill(_previous, -1);
        var windowOnly = _evaluator.Evaluate(network);
        // A network without a recurrent state (the transformer) sees each note within its window only.
        if (network is not Model model) return windowOnly with { WindowNoteNll = windowOnly.NoteNll };
        return _evaluator.EvaluateInContext(model) with { WindowNoteNll = windowOnly.NoteNll };
    }

    // The encoding does not change during a run; written with the weights so the folder is whole at any moment.
    public void SaveModelFiles(string folder, INetwork model) => CategoricalEncodingJson.Save(Encoding, folder);

    public string FormatHistory(IReadOnlyList<HistoryRow> history) => HistoryCsv.FormatCategorical(history);

    public void SavePlot(string path, IReadOnlyList<HistoryRow> history) =>
        LossCurveFigure.Save(path, history, Baselines, "dl4m train (categorical): note NLL", "nats per note", l => l.NoteNll ?? double.NaN);

    /// <summary>
    /// The unigram baseline's output row: per classes head the log of its training class frequencies (add-one smoothed,
    /// so an unseen class keeps a finite NLL); regression heads predict the training mean (z-score 0).
    /// </summary>
    private static float[] UnigramRow(CategoricalWindowSet train)
    {
        var encoding = train.Encoding;
        var groups = encoding.Groups;
        var counts = new double[encoding.OutputSize];
        for (int g = 0; g < groups.Length; g++)
            if (groups[g].Kind == HeadKind.Classes) counts.AsSpan(groups[g].Offset, groups[g].Width).Fill(1.0);
        const int batch = 64;
        int rowsPerWindow = train.TargetRows;
        var indices = new int[batch];
        var input = new float[batch * train.Lookback * train.InputSize];
        var target = new float[batch * rowsPerWindow * CategoricalEncoding.TargetWidth];
        for (int first = 0; first < train.Count; first += batch)
        {
            int b = Math.Min(batch, train.Count - first);
            for (int i = 0; i < b; i++) indices[i] = first + i;
            var t = target.AsSpan(0, b * rowsPerWindow * CategoricalEncoding.TargetWidth);
            train.FillBatch(indices.AsSpan(0, b), [], input.AsSpan(0, b * train.Lookback * train.InputSize), t);
            for (int r = 0; r < b * rowsPerWindow; r++)
                for (int g = 0; g < groups.Length; g++)
                    if (groups[g].Kind == HeadKind.Classes)
                        counts[groups[g].Offset + (int)t[r * CategoricalEncoding.TargetWidth + g]] += 1;
        }
        var row = new float[encoding.OutputSize];
        foreach (var group in groups)
        {
            if (group.Kind != HeadKind.Classes) continue;
            var head = counts.AsSpan(group.Offset, group.Width);
            double total = 0;
            foreach (double c in head) total += c;
            for (int i = 0; i < group.Width; i++) row[group.Offset + i] = (float)Math.Log(head[i] / total);
        }
        return row;
    }
}
