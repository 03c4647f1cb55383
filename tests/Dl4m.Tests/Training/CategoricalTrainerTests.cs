using System.Text.Json.Nodes;
using Dl4m.Categorical;
using Dl4m.Families;
using Dl4m.Families.Categorical;
using Dl4m.Families.Original;
using Dl4m.Nn;
using Dl4m.Training;

namespace Dl4m.Tests.Training;

public class CategoricalTrainerTests
{
    /// <summary>A categorical run small enough for a unit test: LSTM(16) on 8-event windows every 2 events, transposed ±2.</summary>
    internal static TrainingOptions Tiny(int epochs = 2) => TrainingOptions.For(ModelKind.Categorical).WithFamily<CategoricalOptions>(c => c with
    {
        State = StateMode.Reset, // overlapping windows: every window from zero (stateful runs: StatefulTrainingTests)
        Hidden = [16],
    }) with
    {
        Lookback = 8,
        Stride = 2,
        Epochs = epochs,
        Batch = 8,
        LearningRate = 0.01,
        AugmentTranspose = 2,
        Threads = 2,
        Seed = 5,
        ValidationBatch = 16,
    };


    [Fact]
    public void Categorical_defaults_differ_from_the_seed_model_and_the_seed_defaults_stay()
    {
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(new TrainingOptions(), TrainingJson.Options), System.Text.Json.JsonSerializer.Serialize(TrainingOptions.For(ModelKind.Original), TrainingJson.Options));
        var seed = new TrainingOptions();
        var seedOwn = seed.FamilyAs<OriginalOptions>();
        Assert.Equal((16, 48, 24, TrainingMode.ManyToOne, 0, 1), (seed.Lookback, seedOwn.Hidden[0], seedOwn.Dense[0], seedOwn.Mode, seed.AugmentTranspose, seed.EffectiveStride));
        var c = TrainingOptions.For(ModelKind.Categorical);
        var own = c.FamilyAs<CategoricalOptions>();
        Assert.Equal(ModelKind.Categorical, c.Model);
        Assert.Equal([128], own.Hidden);
        Assert.Empty(own.Dense);
        Assert.Equal((32, TrainingMode.ManyToMany, 5, 32, 32), (c.Lookback, own.Mode, c.AugmentTranspose, c.EffectiveStride, c.Batch));
        Assert.Equal((NoteTarget.Pitch, 36, 0.1, HeadKind.Classes, HeadKind.Classes, LabelConditioning.Auto),
            (own.Notes, own.IntervalRange, own.Smoothing, own.Velocity, own.Timing, own.Labels));
        Assert.Equal(64, (c with { Lookback = 64 }).EffectiveStride); // stride follows the look-back unless given
        Assert.Equal(StateMode.Carry, own.State);
        Assert.Equal(StateMode.Reset, new CategoricalOptions().State); // a stored record without the field
        Assert.Equal("LSTM(128, sequences) → Dense(300)", own.ModelConfig(250, 300).Describe());
    }

    [Theory]
    [InlineData("CategoricalTokenOptions.Smoothing", nameof(CategoricalOptions.Smoothing))]
    [InlineData("CategoricalTokenOptions.SmoothingTemperature", nameof(CategoricalOptions.SmoothingTemperature))]
    [InlineData("CategoricalTokenOptions.IntervalRange", nameof(CategoricalOptions.IntervalRange))]
    [InlineData("TrainingOptions.AugmentTranspose", nameof(TrainingOptions.AugmentTranspose))]
    [InlineData("TrainingOptions.Stride", nameof(TrainingOptions.Stride))]
    public void Out_of_range_categorical_options_name_the_option(string option, string property)
    {
        var c = TrainingOptions.For(ModelKind.Categorical);
        var bad = property switch
        {
            nameof(CategoricalOptions.Smoothing) => c.WithFamily<CategoricalOptions>(o => o with { Smoothing = 1.0 }),
            nameof(CategoricalOptions.SmoothingTemperature) => c.WithFamily<CategoricalOptions>(o => o with { SmoothingTemperature = 0 }),
            nameof(CategoricalOptions.IntervalRange) => c.WithFamily<CategoricalOptions>(o => o with { IntervalRange = 0 }),
            nameof(TrainingOptions.AugmentTranspose) => c with { AugmentTranspose = 13 },
            _ => c with { Stride = -1 },
        };
        Assert.StartsWith(option + " ", Assert.Throws<Dl4mException>(bad.Validate).Message);
    }

    [Fact]
    public void The_seed_model_refuses_key_normalisation_and_strides()
    {
        // Key normalisation is the categorical record's: the original's cannot hold it (the CLI refuses the flag).
        Assert.Null(typeof(OriginalOptions).GetProperty(nameof(CategoricalOptions.NormalizeKey)));
        Assert.Contains("TrainingOptions.Stride", Assert.Throws<Dl4mException>((new TrainingOptions() with { Stride = 4 }).Validate).Message);
    }

    [Fact]
    public void A_tiny_categorical_run_learns_and_writes_a_loadable_folder_with_its_encoding()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        string folder = tmp.Combine("model");
        using var trainer = Trainer.Open(data, folder, Tiny(epochs: 6), OutputPolicy.New);
        var encoding = trainer.Encoding!;
        Assert.Equal(CategoricalEncoding.Pitches, encoding.NoteClasses);
        // lookback version 3 (the default): the last Dense also gives one copy gate per lookback entry and head; the LSTM reads the row up to the labels
        Assert.Equal($"LSTM(16, sequences, first {encoding.NetworkInputSize} inputs) → Dense({encoding.OutputSize + encoding.CopyGates}) → Copy({encoding.OutputSize} logits, {encoding.CopyGates} gates, indexed)", trainer.Record.Model);
        Assert.Equal("categorical", trainer.LossName);
        Assert.Null(trainer.Loss);

        var uniform = trainer.Baselines.Single(b => b.Name == "uniform").Loss;
        var unigram = trainer.Baselines.Single(b => b.Name == "unigram").Loss;
        Assert.Equal(Math.Log(128), uniform.NoteNll!.Value, 5);
        Assert.True(unigram.NoteNll < uniform.NoteNll);

        var result = trainer.Run();
        Assert.Equal(6, result.History.Count);
        Assert.True(result.History[^1].Train.Total < result.History[0].Train.Total, "training loss decreases");
        var best = result.Best!.Validation;
        Assert.True(best.NoteNll < unigram.NoteNll, $"validation NLL {best.NoteNll} below the unigram baseline {unigram.NoteNll}");
        Assert.InRange(best.NoteAccuracy, 0, 1);
        Assert.Equal(result.History.Min(r => r.Validation.Total), best.Total);

        using (var loaded = ModelStore.Load(folder)) Assert.Equal(encoding.OutputSize, loaded.OutputSize);
        Assert.Equal(CategoricalEncodingJson.Serialize(encoding), CategoricalEncodingJson.Serialize(CategoricalEncodingJson.TryLoad(folder)!));
        var record = Trainer.ReadRecord(folder);
        Assert.Equal(ModelKind.Categorical, record.Options.Model);
        Assert.Equal(2, record.Options.AugmentTranspose);
        Assert.Equal("categorical", JsonNode.Parse(File.ReadAllText(Path.Combine(folder, Trainer.RecordFileName)))!["options"]!["model"]!.GetValue<string>());
        var lines = File.ReadAllLines(Path.Combine(folder, Trainer.HistoryFileName));
        Assert.Equal(HistoryCsv.CategoricalHeader, lines[0]);
        Assert.Equal(7, lines.Length);
        Assert.True(new FileInfo(Path.Combine(folder, Trainer.LossPlotFileName)).Length > 1000);
        Assert.Empty(Directory.GetFiles(tmp.Path, "*.tmp*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Resuming_mid_epoch_replays_the_transpositions_and_gives_the_weights_of_a_straight_run()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        var options = Tiny(epochs: 2) with { ValidateEvery = 3 };
        ResumeCheck.AssertResumeMatchesStraightRun(tmp, data, options, stopStep: 3);
        Assert.Equal(File.ReadAllLines(tmp.Combine("a", "history.csv")).Select(l => string.Join(',', l.Split(',')[..16])),
            File.ReadAllLines(tmp.Combine("b", "history.csv")).Select(l => string.Join(',', l.Split(',')[..16])));
    }

    [Fact]
    public void A_damaged_encoding_json_is_a_clear_error_naming_the_file_on_resume()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        string folder = tmp.Combine("model");
        using (var trainer = Trainer.Open(data, folder, Tiny(epochs: 1), OutputPolicy.New)) trainer.Run();
        string path = Path.Combine(folder, CategoricalEncodingJson.FileName);
        File.WriteAllText(path, "{ \"notes\": \"pitch\", ");
        var e = Assert.Throws<Dl4mException>(() => Trainer.Open(data, folder, Tiny(epochs: 2), OutputPolicy.Resume));
        Assert.Contains(path, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        File.Delete(path);
        Assert.Contains("has no encoding.json", Assert.Throws<Dl4mException>(() => Trainer.Open(data, folder, Tiny(epochs: 2), OutputPolicy.Resume)).Message);
        Assert.Contains("holds a model of the categorical family, the options ask for original", Assert.Throws<Dl4mException>(() => Trainer.Open(data, folder, TrainerTests.Tiny(), OutputPolicy.Resume)).Message);
        // dl4m train --resume --model original: the stored categorical options with the other family's record
        Assert.Contains("holds a model of the categorical family, the options ask for original",
            Assert.Throws<Dl4mException>(() => Trainer.Open(data, folder, Tiny(epochs: 2) with { Family = new OriginalOptions() }, OutputPolicy.Resume)).Message);
    }

    [Fact]
    public void Without_augmentation_two_runs_with_the_same_seed_are_identical_and_interval_notes_train_too()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        var options = Tiny(epochs: 1).WithFamily<CategoricalOptions>(c => c with { Notes = NoteTarget.Interval, IntervalRange = 12, Smoothing = 0 }) with { AugmentTranspose = 0 };
        float[][] first;
        using (var trainer = Trainer.Open(data, tmp.Combine("a"), options, OutputPolicy.New))
        {
            Assert.Equal(25, trainer.Encoding!.NoteClasses);
            Assert.Equal(Math.Log(25), trainer.Baselines[0].Loss.NoteNll!.Value, 5);
            trainer.Run();
            first = ResumeCheck.Weights(trainer);
        }
        using (var trainer = Trainer.Open(data, tmp.Combine("b"), options, OutputPolicy.New))
        {
            trainer.Run();
            var second = ResumeCheck.Weights(trainer);
            for (int p = 0; p < first.Length; p++) Assert.Equal(first[p], second[p]);
        }
    }

    [Fact]
    public void Labels_auto_conditions_on_two_or_more_labels_and_none_turns_it_off()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp, labels: ["jigs", "reels"]);
        using (var trainer = Trainer.Open(data, tmp.Combine("a"), Tiny(epochs: 1), OutputPolicy.New))
        {
            Assert.Equal(["jigs", "reels"], trainer.Encoding!.Labels);
            Assert.Equal(trainer.Encoding.OutputSize + CategoricalEncoding.DefaultBarPositions + 4 * (CategoricalEncoding.MatchValues + CategoricalEncoding.HeadCount) + 2, trainer.Model.InputSize); // bar position, lookback and label values are input only
            trainer.Run();
        }
        Assert.Equal(["jigs", "reels"], CategoricalEncodingJson.TryLoad(tmp.Combine("a"))!.Labels);
        using var plain = Trainer.Open(data, tmp.Combine("b"), Tiny(epochs: 1).WithFamily<CategoricalOptions>(c => c with { Labels = LabelConditioning.None }), OutputPolicy.New);
        Assert.Empty(plain.Encoding!.Labels);
        Assert.Equal(plain.Encoding.OutputSize + CategoricalEncoding.DefaultBarPositions + 4 * (CategoricalEncoding.MatchValues + CategoricalEncoding.HeadCount), plain.Model.InputSize); // no label one-hot
    }

    [Fact]
    public void Many_to_one_with_regression_heads_trains_and_its_baselines_predict_the_mean()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        var options = Tiny(epochs: 2).WithFamily<CategoricalOptions>(c => c with { Mode = TrainingMode.ManyToOne, Velocity = HeadKind.Regression, Timing = HeadKind.Regression }) with { Stride = 1 };
        using var trainer = Trainer.Open(data, tmp.Combine("m"), options, OutputPolicy.New);
        Assert.Equal(CategoricalEncoding.Pitches + 3, trainer.Encoding!.OutputSize);
        Assert.Equal($"LSTM(16) → Dense({CategoricalEncoding.Pitches + 3})", trainer.Record.Model);
        // Uniform and unigram both predict z-score 0 (the training mean) for the regression heads: the same squared errors.
        var (uniform, unigram) = (trainer.Baselines[0].Loss, trainer.Baselines[1].Loss);
        Assert.Equal(uniform.DeltaTime, unigram.DeltaTime);
        Assert.Equal(uniform.Duration, unigram.Duration);
        var result = trainer.Run();
        Assert.All(result.History, r => Assert.True(r.Validation.IsFinite && r.Train.IsFinite));
        Assert.True(result.Best!.Validation.NoteNll < uniform.NoteNll);
    }
}
