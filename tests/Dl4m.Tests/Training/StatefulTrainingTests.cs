using Dl4m.Categorical;
using Dl4m.Data;
using Dl4m.Families;
using Dl4m.Families.Categorical;
using Dl4m.Nn;
using Dl4m.Training;
using Dl4m.Training.Losses;
using Dl4m.Families.Original;

namespace Dl4m.Tests.Training;

/// <summary>Stateful training (<see cref="StateMode.Carry"/>): lanes through songs, validation with the whole song as context, resume.</summary>
public class StatefulTrainingTests
{
    /// <summary>8-event windows that follow each other (stride = look-back), so the state carries.</summary>
    private static TrainingOptions Carry(int epochs = 2) => CategoricalTrainerTests.Tiny(epochs).WithFamily<CategoricalOptions>(c => c with { State = StateMode.Carry }) with { Stride = null };


    [Fact]
    public void Carry_needs_windows_that_follow_each_other_and_the_categorical_model()
    {
        var error = Assert.Throws<Dl4mException>((Carry() with { Stride = 2 }).Validate).Message;
        Assert.StartsWith("CategoricalOptions.State carry needs windows that follow each other", error);
        Assert.Contains("CategoricalOptions.State reset", error);
        Assert.Null(typeof(OriginalOptions).GetProperty(nameof(CategoricalOptions.State))); // the original's record has no state
    }

    [Fact]
    public void A_stateful_run_learns_and_reports_the_note_nll_with_and_without_context()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp, songs: 24, notes: 40);
        using var trainer = Trainer.Open(data, tmp.Combine("model"), Carry(epochs: 6), OutputPolicy.New);
        var unigram = trainer.Baselines.Single(b => b.Name == "unigram").Loss;
        var result = trainer.Run();
        Assert.True(result.History[^1].Train.Total < result.History[0].Train.Total, "training loss decreases");
        var best = result.Best!.Validation;
        Assert.True(best.NoteNll < unigram.NoteNll, $"validation NLL {best.NoteNll} below the unigram baseline {unigram.NoteNll}");
        Assert.NotNull(best.WindowNoteNll);
        Assert.NotEqual(best.NoteNll!.Value, best.WindowNoteNll!.Value); // the context changes the scores
        Assert.Equal(StateMode.Carry, Trainer.ReadRecord(tmp.Combine("model")).Options.FamilyAs<CategoricalOptions>().State);
    }

    [Fact]
    public void Resuming_a_stateful_run_mid_epoch_gives_the_weights_of_a_straight_run()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp, songs: 24, notes: 40);
        var options = Carry(epochs: 2) with { ValidateEvery = 2 };
        ResumeCheck.AssertResumeMatchesStraightRun(tmp, data, options, stopStep: 2);
    }

    [Fact]
    public void Carrying_the_state_trains_other_weights_than_resetting_it()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp, songs: 24, notes: 40);
        float[][] Train(string name, StateMode state)
        {
            using var trainer = Trainer.Open(data, tmp.Combine(name), Carry(epochs: 1).WithFamily<CategoricalOptions>(c => c with { State = state }) with { AugmentTranspose = 0 }, OutputPolicy.New);
            trainer.Run();
            return ResumeCheck.Weights(trainer);
        }
        Assert.NotEqual(Train("carry", StateMode.Carry)[1], Train("reset", StateMode.Reset)[1]);
    }

    /// <summary>
    /// Songs of 17–19 events give windows covering events 0–16 with look-back 4 (4 windows) and with look-back 8 (2
    /// windows): scored with the whole song before each note, the two window lengths must give the same NLL — the
    /// context does not end at a window's start — while scoring inside windows alone does not.
    /// </summary>
    [Fact]
    public void Validation_with_context_does_not_depend_on_the_window_length()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp, songs: 12, notes: 17);
        using var dataset = Dataset.Open(data);
        var options = Carry();
        var encoding = CategoricalTrainingTask.FitEncoding(dataset, options);
        var loss = new CategoricalLoss(encoding, options.FamilyAs<CategoricalOptions>().Smoothing, options.FamilyAs<CategoricalOptions>().SmoothingTemperature, threads: 1);
        var config = options.FamilyAs<CategoricalOptions>().ModelConfig(encoding.InputSize, encoding.OutputSize);
        using var model = Model.Create(config, seed: 4);
        model.Threads = 2;
        LossSummary Score(int lookback, bool context, int batch)
        {
            var windows = CategoricalWindowSet.Build(dataset, DatasetSplit.Validation, encoding, lookback, lookback, TrainingMode.ManyToMany);
            var evaluator = new CategoricalEvaluator(windows, loss, batch);
            return context ? evaluator.EvaluateInContext(model) : evaluator.Evaluate(model);
        }
        var short4 = Score(4, context: true, batch: 5);
        var long8 = Score(8, context: true, batch: 2);
        Assert.Equal(long8.NoteNll!.Value, short4.NoteNll!.Value, 4);
        Assert.Equal(long8.Total, short4.Total, 4);
        Assert.Equal(long8.NoteAccuracy, short4.NoteAccuracy, 6);
        Assert.NotEqual(Score(4, context: false, batch: 5).NoteNll!.Value, short4.NoteNll.Value, 3);
        // Every lane count gives the same figures (lanes only change how songs share a batch).
        Assert.Equal(short4.NoteNll.Value, Score(4, context: true, batch: 1).NoteNll!.Value, 4);
    }
}
