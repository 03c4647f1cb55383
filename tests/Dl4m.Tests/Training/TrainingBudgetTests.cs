using Dl4m.Data;
using Dl4m.Nn;
using Dl4m.Training;
using Dl4m.Families.Categorical;

namespace Dl4m.Tests.Training;

/// <summary>The run's budget: early stopping with patience and min-delta, --epochs, --time, the validation cadence and subset, resume.</summary>
public class TrainingBudgetTests
{
    /// <summary>The categorical defaults at unit-test size: patience and min-delta as the family's, a learning rate that moves fast.</summary>
    private static TrainingOptions Tiny(int epochs, int patience) => CategoricalTrainerTests.Tiny(epochs) with
    {
        Patience = patience,
        AugmentTranspose = 0,
        LearningRate = 0.02,
    };


    private static float[][] SavedBestWeights(string folder)
    {
        using var model = ModelStore.Load(folder);
        return model.Parameters.Select(p => p.Data.ToArray()).ToArray();
    }

    [Fact]
    public void The_categorical_defaults_fit_the_corpus_and_the_seed_defaults_stay_a_fixed_ten_epochs()
    {
        var c = TrainingOptions.For(ModelKind.Categorical);
        Assert.Equal((200, 5, 0.001, (int?)null, 200_000, 0.0), (c.Epochs, c.Patience, c.MinDelta, c.ValidateEvery, c.FamilyAs<CategoricalOptions>().ValidationEvents, c.TimeLimitSeconds));
        var seed = TrainingOptions.For(ModelKind.Original);
        Assert.Equal((10, 0, 0.0, (int?)0, 0.0), (seed.Epochs, seed.Patience, seed.MinDelta, seed.ValidateEvery, seed.TimeLimitSeconds));
    }

    [Fact]
    public void A_rising_validation_loss_stops_after_patience_validations_and_the_folder_keeps_the_best_weights()
    {
        using var tmp = new TempFolder();
        string data = RisingValidationDataset.Build(tmp);
        string folder = tmp.Combine("m");
        TrainingResult result;
        using (var trainer = Trainer.Open(data, folder, Tiny(epochs: 60, patience: 3), OutputPolicy.New))
            result = trainer.Run();

        Assert.Equal(StopReason.Patience, result.Stop);
        var history = result.History;
        int best = history.ToList().FindIndex(r => r.Step == result.Best!.Step);
        Assert.True(history.Count < 60, "the run stopped before --epochs");
        Assert.Equal(best + 1 + 3, history.Count); // exactly patience validations after the best one
        Assert.Equal(history.Min(r => r.Validation.Total), result.Best!.Validation.Total);
        Assert.All(history.Skip(best + 1), r => Assert.True(r.Validation.Total >= result.Best.Validation.Total));
        Assert.Equal([1, 2, 3], history.Skip(best + 1).Select(r => r.WithoutImprovement));
        Assert.True(history[best].Best);
        Assert.True(history[^1].Validation.NoteNll > history[best].Validation.NoteNll, "the engineered validation loss rose");

        var outcome = Trainer.ReadRecord(folder).Outcome!;
        Assert.Equal(StopReason.Patience, outcome.StopReason);
        Assert.Equal(result.Best.Epoch, outcome.BestEpoch);
        Assert.Equal(result.Best.Validation.NoteNll, outcome.BestValidationNllPerNote);
        Assert.Equal(history.Count, outcome.EpochsRun);
        Assert.Equal("no improvement of more than 0.001 in 3 validations", outcome.StopDetail);

        // model.safetensors holds the weights of the best point: those of a run of exactly best + 1 epochs.
        using var straight = Trainer.Open(data, tmp.Combine("straight"), Tiny(epochs: best + 1, patience: 0), OutputPolicy.New);
        Assert.Equal(StopReason.MaxEpochs, straight.Run().Stop);
        var expected = ResumeCheck.Weights(straight);
        var saved = SavedBestWeights(folder);
        for (int p = 0; p < expected.Length; p++) Assert.Equal(expected[p], saved[p]);
    }

    [Fact]
    public void Min_delta_counts_only_improvements_larger_than_it_but_keeps_every_better_weight()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        // With a min-delta larger than any step's gain, patience runs out although the loss keeps falling.
        using var trainer = Trainer.Open(data, tmp.Combine("m"), Tiny(epochs: 30, patience: 2) with { MinDelta = 100 }, OutputPolicy.New);
        var result = trainer.Run();
        Assert.Equal(StopReason.Patience, result.Stop);
        Assert.Equal(3, result.History.Count); // the first validation is an improvement on +∞, then two without
        Assert.Equal([0, 1, 2], result.History.Select(r => r.WithoutImprovement));
        Assert.Equal(result.History.Min(r => r.Validation.Total), result.Best!.Validation.Total);
        Assert.Equal(result.History.Count(r => r.Best), result.History.Select((r, i) => r.Validation.Total < result.History.Take(i).Select(h => h.Validation.Total).DefaultIfEmpty(double.PositiveInfinity).Min()).Count(b => b));
    }

    [Fact]
    public void A_run_stopped_by_patience_stops_again_on_resume_and_continues_with_a_larger_patience_bit_identically()
    {
        using var tmp = new TempFolder();
        string data = RisingValidationDataset.Build(tmp);
        float[][] straight;
        int straightValidations;
        using (var trainer = Trainer.Open(data, tmp.Combine("straight"), Tiny(epochs: 60, patience: 5), OutputPolicy.New))
        {
            var result = trainer.Run();
            Assert.Equal(StopReason.Patience, result.Stop);
            straight = ResumeCheck.Weights(trainer);
            straightValidations = result.History.Count;
        }
        string folder = tmp.Combine("m");
        int firstValidations;
        using (var trainer = Trainer.Open(data, folder, Tiny(epochs: 60, patience: 2), OutputPolicy.New))
            firstValidations = trainer.Run().History.Count;
        Assert.Equal(straightValidations - 3, firstValidations);
        using (var trainer = Trainer.Open(data, folder, Tiny(epochs: 60, patience: 2), OutputPolicy.Resume))
        {
            var again = trainer.Run();
            Assert.Equal(StopReason.Patience, again.Stop);
            Assert.Equal(firstValidations, again.History.Count); // nothing trained
        }
        using (var trainer = Trainer.Open(data, folder, Tiny(epochs: 60, patience: 5), OutputPolicy.Resume))
        {
            var resumed = trainer.Run();
            Assert.Equal(StopReason.Patience, resumed.Stop);
            Assert.Equal(straightValidations, resumed.History.Count);
            var weights = ResumeCheck.Weights(trainer);
            for (int p = 0; p < straight.Length; p++) Assert.Equal(straight[p], weights[p]); // bit-identical
        }
        Assert.Equal(File.ReadAllLines(tmp.Combine("straight", "history.csv")).Select(l => string.Join(',', l.Split(',')[..16])),
            File.ReadAllLines(Path.Combine(folder, "history.csv")).Select(l => string.Join(',', l.Split(',')[..16])));
    }

    [Fact]
    public void The_time_budget_stops_at_the_first_step_past_it_and_counts_earlier_sessions_on_resume()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        string folder = tmp.Combine("m");
        var options = Tiny(epochs: 50, patience: 0) with { TimeLimitSeconds = 25 };
        using (var trainer = Trainer.Open(data, folder, options, OutputPolicy.New))
        {
            var clock = new ManualClock();
            trainer.Clock = clock;
            trainer.ValidationDone = _ => clock.Advance(TimeSpan.FromSeconds(10)); // each epoch "takes" 10 s
            var result = trainer.Run();
            Assert.Equal(StopReason.Time, result.Stop);
            Assert.Equal(3, result.History.Count); // 10, 20, 30 s: the budget of 25 s is spent after the third epoch
            Assert.Equal(30, result.Outcome.WallSeconds);
            Assert.Equal(3, result.Outcome.EpochsRun);
        }
        Assert.Equal(StopReason.Time, Trainer.ReadRecord(folder).Outcome!.StopReason);
        using (var trainer = Trainer.Open(data, folder, options, OutputPolicy.Resume))
        {
            trainer.Clock = new ManualClock();
            var again = trainer.Run();
            Assert.Equal(StopReason.Time, again.Stop); // the 30 s already spent count toward --time
            Assert.Equal(3, again.History.Count);
        }
        using (var trainer = Trainer.Open(data, folder, options with { TimeLimitSeconds = 45 }, OutputPolicy.Resume))
        {
            var clock = new ManualClock();
            trainer.Clock = clock;
            trainer.ValidationDone = _ => clock.Advance(TimeSpan.FromSeconds(10));
            var more = trainer.Run();
            Assert.Equal(StopReason.Time, more.Stop);
            Assert.Equal(5, more.History.Count); // 40, 50 s
            Assert.Equal(50, more.Outcome.WallSeconds);
        }
    }

    [Fact]
    public void A_stretch_cut_by_the_time_budget_is_validated_and_checkpointed_before_stopping()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        string folder = tmp.Combine("m");
        // Every clock reading moves time on by 50 ms: the budget runs out somewhere inside an epoch.
        using var trainer = Trainer.Open(data, folder, Tiny(epochs: 50, patience: 0) with { TimeLimitSeconds = 1 }, OutputPolicy.New);
        trainer.Clock = new ManualClock { Tick = TimeSpan.FromMilliseconds(50) };
        var result = trainer.Run();
        Assert.Equal(StopReason.Time, result.Stop);
        Assert.True(result.Outcome.WallSeconds >= 1);
        Assert.Equal(result.Outcome.Steps, result.History[^1].Step); // the last steps were measured
        using var model = Model.Create(trainer.Model.Config, 0);
        var state = Checkpoint.Load(Path.Combine(folder, Checkpoint.FileName), model, new Adam(model));
        Assert.Equal(result.Outcome.Steps, state.Step); // and checkpointed
        Assert.True(state.WallSeconds >= 1);
    }

    [Fact]
    public void Interrupting_records_the_stop_reason_in_train_json_and_still_throws()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        string folder = tmp.Combine("m");
        using var trainer = Trainer.Open(data, folder, Tiny(epochs: 5, patience: 0), OutputPolicy.New);
        using var stop = new CancellationTokenSource();
        trainer.ValidationDone = row => { if (row.Epoch == 2) stop.Cancel(); };
        Assert.ThrowsAny<OperationCanceledException>(() => trainer.Run(stop.Token));
        var outcome = Trainer.ReadRecord(folder).Outcome!;
        Assert.Equal(StopReason.Interrupted, outcome.StopReason);
        Assert.Equal(2, outcome.Validations);
        Assert.Equal(trainer.Outcome, outcome);
    }

    [Theory]
    [InlineData(100, 32, 32, null, 0)]             // 102,400 events per epoch: each epoch
    [InlineData(1953, 32, 32, null, 0)]            // 1,999,872: still each epoch
    [InlineData(1954, 32, 32, null, 1954)]         // 2,000,896: every ⌈2 M / 1,024⌉ = 1,954 steps
    [InlineData(300_000, 32, 32, null, 1954)]      // a 300 M-event corpus: 153 validations per epoch
    [InlineData(300_000, 32, 16, null, 3907)]      // shorter windows: more steps for the same events
    [InlineData(300_000, 32, 32, 0, 0)]            // --val-every epoch
    [InlineData(100, 32, 32, 7, 7)]                // --val-every 7
    public void The_validation_cadence_is_each_epoch_up_to_two_million_events_then_every_two_million(
        int stepsPerEpoch, int batch, int lookback, int? validateEvery, int expected) =>
        Assert.Equal(expected, ValidationCadence.Steps(validateEvery, stepsPerEpoch, batch, lookback));

    [Fact]
    public void The_validation_subset_is_whole_songs_deterministic_capped_and_the_same_for_every_seed()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp, songs: 60, notes: 40);
        using var dataset = Dataset.Open(data);
        var split = dataset.SongsIn(DatasetSplit.Validation);
        long splitEvents = split.Sum(s => (long)dataset.Songs[s].EventCount);
        Assert.True(splitEvents > 600);

        var (songs, sample) = ValidationSubset.Choose(dataset, split, 8, 600);
        Assert.True(sample.IsSubset);
        Assert.Equal(sample.Events, songs.Sum(s => (long)dataset.Songs[s].EventCount));
        Assert.InRange(sample.Events, 600 - split.Max(s => dataset.Songs[s].EventCount) + 1, 600);
        Assert.Equal((split.Count, splitEvents), (sample.SplitSongs, sample.SplitEvents));
        Assert.All(songs, s => Assert.Contains(s, split));
        Assert.Equal(songs.Order(), songs); // dataset order
        Assert.NotEqual(split.Take(songs.Count), songs); // a spread over the split, not its first songs
        Assert.Equal(songs, ValidationSubset.Choose(dataset, split, 8, 600).Songs);

        var (all, whole) = ValidationSubset.Choose(dataset, split, 8, 0);
        Assert.Equal(split, all);
        Assert.False(whole.IsSubset);
        Assert.Single(ValidationSubset.Choose(dataset, split, 8, 1).Songs); // never empty

        // The trainer validates on that subset whatever its --seed, and says so in train.json.
        foreach (int seed in (int[])[1, 2])
        {
            string folder = tmp.Combine($"m{seed}");
            using var trainer = Trainer.Open(data, folder, Tiny(epochs: 1, patience: 0).WithFamily<CategoricalOptions>(c => c with { ValidationEvents = 600 }) with { Seed = seed }, OutputPolicy.New);
            Assert.Equal(sample, trainer.ValidationSample);
            Assert.Equal(sample.Songs, trainer.ValidationWindows.Songs);
            Assert.Equal(sample, Trainer.ReadRecord(folder).ValidationSample);
        }
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("1h", 3600)]
    [InlineData("1h30m", 5400)]
    [InlineData("2.5h", 9000)]
    [InlineData("none", 0)]
    public void Time_budgets_parse_and_format(string text, double seconds)
    {
        Assert.Equal(seconds, TimeBudget.Parse(text));
        Assert.Equal(seconds, TimeBudget.Parse(TimeBudget.Format(seconds)));
    }

    [Theory]
    [InlineData("10")]
    [InlineData("ten minutes")]
    [InlineData("0s")]
    [InlineData("5d")]
    public void A_bad_time_budget_names_the_option(string text) =>
        Assert.StartsWith($"TrainingOptions.TimeLimitSeconds '{text}'", Assert.Throws<Dl4mException>(() => TimeBudget.Parse(text)).Message);
}
