using System.Text.Json.Nodes;
using Dl4m.Data;
using Dl4m.IO;
using Dl4m.Nn;
using Dl4m.Training;
using Dl4m.Training.Losses;
using Dl4m.Families.Original;

namespace Dl4m.Tests.Training;

public class TrainerTests
{
    internal static TrainingOptions Tiny(int epochs = 2) => new()
    {
        Family = new OriginalOptions { Hidden = [6], Dense = [5] },
        Lookback = 4,
        Epochs = epochs,
        Batch = 8,
        Threads = 2,
        Seed = 3,
        ValidationBatch = 16,
    };

    private static TrainingResult Train(string data, string model, TrainingOptions options, OutputPolicy policy = OutputPolicy.New, ITrainingLoss? loss = null)
    {
        using var trainer = Trainer.Open(data, model, options, policy, loss);
        return trainer.Run();
    }

    [Fact]
    public void Training_writes_a_self_describing_model_folder()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        string folder = tmp.Combine("model");
        var result = Train(data, folder, Tiny(epochs: 3));

        Assert.Equal(3, result.History.Count);
        Assert.Equal([1, 2, 3], result.History.Select(r => r.Epoch));
        Assert.All(result.History, r => Assert.True(r.Validation.IsFinite && r.Train.IsFinite && r.WindowsPerSecond > 0));
        using (var best = ModelStore.Load(folder)) Assert.Equal("LSTM(6) → Dense(5, relu) → Dense(3)", best.Config.Describe());
        var record = Trainer.ReadRecord(folder);
        string manifestHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(data, "manifest.json"))));
        Assert.Equal(manifestHash, record.ManifestSha256);
        Assert.Equal(4, record.Options.Lookback);
        using (var dataset = Dataset.Open(data))
            Assert.Equal(FeatureScaling.FromManifest(dataset.Manifest), record.Normalization);
        var lines = File.ReadAllLines(Path.Combine(folder, Trainer.HistoryFileName));
        Assert.Equal(HistoryCsv.Header, lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.True(new FileInfo(Path.Combine(folder, Trainer.LossPlotFileName)).Length > 1000);
        Assert.True(File.Exists(Path.Combine(folder, Checkpoint.FileName)));
        Assert.Empty(Directory.GetFiles(tmp.Path, "*.tmp*", SearchOption.AllDirectories));
        Assert.Single(Directory.GetDirectories(tmp.Path, "model*"));
        // The best weights are those of the best validation point.
        Assert.Equal(result.History.Min(r => r.Validation.Total), result.Best!.Validation.Total);
    }

    [Fact]
    public void Two_epochs_then_resume_two_more_give_the_weights_of_four_straight()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        var options = Tiny(epochs: 4).WithFamily<OriginalOptions>(o => o with { WarmupEpochs = 1 });
        float[][] straight;
        using (var trainer = Trainer.Open(data, tmp.Combine("straight"), options, OutputPolicy.New))
        {
            trainer.Run();
            straight = trainer.Model.Parameters.Select(p => p.Data.ToArray()).ToArray();
        }
        Train(data, tmp.Combine("resumed"), options with { Epochs = 2 });
        float[][] resumed;
        using (var trainer = Trainer.Open(data, tmp.Combine("resumed"), options, OutputPolicy.Resume))
        {
            Assert.Equal(2, trainer.State.Epoch);
            var result = trainer.Run();
            Assert.Equal(4, result.History.Count);
            resumed = trainer.Model.Parameters.Select(p => p.Data.ToArray()).ToArray();
        }
        for (int p = 0; p < straight.Length; p++) Assert.Equal(straight[p], resumed[p]); // bit-identical
        Assert.Equal(File.ReadAllLines(tmp.Combine("straight", "history.csv")).Select(l => string.Join(',', l.Split(',')[..11])),
            File.ReadAllLines(tmp.Combine("resumed", "history.csv")).Select(l => string.Join(',', l.Split(',')[..11])));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)] // with --augment transpose:3 the resumed run replays the epoch's draws
    public void Resuming_mid_epoch_from_a_step_checkpoint_is_exact_too(int transpose)
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        var options = Tiny(epochs: 2) with { ValidateEvery = 5, AugmentTranspose = transpose };
        ResumeCheck.AssertResumeMatchesStraightRun(tmp, data, options, stopStep: 5);
    }

    /// <summary>A loss that turns NaN at a given call, to test the divergence guard.</summary>
    private sealed class NanAfter(int calls) : ITrainingLoss
    {
        private readonly MseLoss _mse = new();
        private int _count;

        public string Name => "nan-after";

        public float Compute(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> gradient, int rows, LossParts parts)
        {
            float value = _mse.Compute(prediction, target, gradient, rows, parts);
            if (gradient.Length == 0 || Interlocked.Increment(ref _count) <= calls) return value;
            parts.Total = double.NaN;
            return float.NaN;
        }
    }

    [Fact]
    public void A_nan_loss_stops_training_with_a_clear_message_and_keeps_the_last_good_checkpoint()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        string folder = tmp.Combine("model");
        var options = Tiny(epochs: 5) with { Threads = 1 };
        int stepsPerEpoch;
        using (var trainer = Trainer.Open(data, folder, options, OutputPolicy.New, new NanAfter(calls: 0)))
            stepsPerEpoch = trainer.TrainWindows.Windows / options.Batch;
        Directory.Delete(folder, recursive: true);
        using (var trainer = Trainer.Open(data, folder, options, OutputPolicy.New, new NanAfter(calls: stepsPerEpoch * 2 + 1)))
        {
            var e = Assert.Throws<Dl4mException>(() => trainer.Run());
            Assert.Contains("NaN", e.Message);
            Assert.Contains("epoch 3", e.Message);
            Assert.Contains("last good checkpoint", e.Message);
        }
        using var model = Model.Create(options.FamilyAs<OriginalOptions>().ModelConfig(), 0);
        var state = Checkpoint.Load(Path.Combine(folder, Checkpoint.FileName), model, new Adam(model));
        Assert.Equal(2, state.Epoch);
        Assert.Equal(2, state.History.Count);
        Assert.All(model.Parameters, p => Assert.All(p.Data, v => Assert.True(float.IsFinite(v))));
        using var best = ModelStore.Load(folder);
    }

    [Fact]
    public void An_absurd_learning_rate_stops_with_a_clear_message()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        using var trainer = Trainer.Open(data, tmp.Combine("model"), Tiny(epochs: 3).WithFamily<OriginalOptions>(o => o with { Loss = LossKind.Mse }) with { LearningRate = 1e38 }, OutputPolicy.New);
        var e = Assert.Throws<Dl4mException>(() => trainer.Run());
        Assert.Contains("training stopped", e.Message);
        Assert.Contains("lower TrainingOptions.LearningRate", e.Message);
        // It diverged before any epoch was saved: no folder of untrained weights is left to be mistaken for a model.
        Assert.Contains("no epoch was saved", e.Message);
        Assert.DoesNotContain("last good checkpoint", e.Message);
        Assert.False(Directory.Exists(tmp.Combine("model")));
        Assert.False(File.Exists(tmp.Combine("model") + OutputLock.Suffix));
    }

    [Fact]
    public void A_failure_after_the_first_saved_epoch_keeps_the_folder_and_a_resumed_run_never_removes_it()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        string folder = tmp.Combine("model");
        var options = Tiny(epochs: 1) with { Threads = 1 };
        using (var trainer = Trainer.Open(data, folder, options, OutputPolicy.New)) trainer.Run();
        using (var resumed = Trainer.Open(data, folder, options with { Epochs = 3 }, OutputPolicy.Resume, new NanAfter(calls: 0)))
            Assert.Throws<Dl4mException>(() => resumed.Run());
        Assert.True(File.Exists(Path.Combine(folder, Checkpoint.FileName)));
        using var best = ModelStore.Load(folder);
    }

    [Fact]
    public void A_damaged_checkpoint_is_a_clear_error_on_resume()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        string folder = tmp.Combine("model");
        Train(data, folder, Tiny(epochs: 1));
        string path = Path.Combine(folder, Checkpoint.FileName);
        var bytes = File.ReadAllBytes(path);
        bytes[^5] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<Dl4mException>(() => Trainer.Open(data, folder, Tiny(epochs: 2), OutputPolicy.Resume));
        Assert.Contains("checksum", e.Message);
        File.WriteAllBytes(path, bytes[..20]);
        Assert.Contains("damaged", Assert.Throws<Dl4mException>(() => Trainer.Open(data, folder, Tiny(epochs: 2), OutputPolicy.Resume)).Message);
    }

    [Fact]
    public void Patience_stops_early()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        // A learning rate so small nothing improves measurably after the first validation... is not guaranteed;
        // instead patience 1 with many epochs must stop at the first validation that is not a new best.
        var result = Train(data, tmp.Combine("model"), Tiny(epochs: 40) with { Patience = 1, LearningRate = 0.05 });
        Assert.True(result.StoppedEarly);
        Assert.True(result.History.Count < 40);
        Assert.True(result.History[^1].Validation.Total >= result.Best!.Validation.Total);
    }

    [Fact]
    public void Many_to_many_trains_and_uses_every_step()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        using var trainer = Trainer.Open(data, tmp.Combine("model"), Tiny().WithFamily<OriginalOptions>(o => o with { Mode = TrainingMode.ManyToMany, LstmLayers = 2, Hidden = [6, 5] }), OutputPolicy.New);
        Assert.True(trainer.Model.Config.OutputIsSequence);
        var result = trainer.Run();
        Assert.Equal(2, result.History.Count);
        Assert.Equal("LSTM(6, sequences) → LSTM(5, sequences) → Dense(5, relu) → Dense(3)", trainer.Record.Model);
    }

    [Fact]
    public void A_folder_that_is_not_a_dataset_is_refused_and_nothing_is_written()
    {
        using var tmp = new TempFolder();
        Directory.CreateDirectory(tmp.Combine("empty"));
        var e = Assert.Throws<Dl4mException>(() => Trainer.Open(tmp.Combine("empty"), tmp.Combine("model"), Tiny(), OutputPolicy.New));
        Assert.Contains("not a dl4m dataset", e.Message);
        Assert.False(Directory.Exists(tmp.Combine("model")));
    }

    [Fact]
    public void A_dataset_of_another_schema_version_is_refused()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        string manifest = Path.Combine(data, DatasetFormat.ManifestFile);
        var json = JsonNode.Parse(File.ReadAllText(manifest))!;
        json["schema_version"] = 7;
        File.WriteAllText(manifest, json.ToJsonString());
        var e = Assert.Throws<Dl4mException>(() => Trainer.Open(data, tmp.Combine("model"), Tiny(), OutputPolicy.New));
        Assert.Contains("schema version 7", e.Message);
        Assert.False(Directory.Exists(tmp.Combine("model")));
    }

    [Fact]
    public void A_lookback_longer_than_every_song_names_the_longest_song()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp, notes: 20); // songs of 20–22 events
        var e = Assert.Throws<Dl4mException>(() => Trainer.Open(data, tmp.Combine("model"), Tiny() with { Lookback = 22 }, OutputPolicy.New));
        Assert.Contains("TrainingOptions.Lookback 22 is longer than every training song", e.Message);
        Assert.Contains("the longest has 22 events", e.Message);
        Assert.False(Directory.Exists(tmp.Combine("model")));
    }

    [Fact]
    public void An_existing_non_empty_folder_is_kept_without_resume_or_force()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        string keep = tmp.Write("model/precious.txt", [1, 2, 3]);
        var e = Assert.Throws<Dl4mException>(() => Trainer.Open(data, tmp.Combine("model"), Tiny(), OutputPolicy.New));
        Assert.Contains("exists and is not empty", e.Message);
        Assert.Contains("OutputPolicy.Resume", e.Message);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(keep));

        Train(data, tmp.Combine("model"), Tiny(epochs: 1), OutputPolicy.Force);
        Assert.False(File.Exists(keep));
        using var model = ModelStore.Load(tmp.Combine("model"));
    }

    [Fact]
    public void Resuming_on_another_dataset_is_refused()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        string other = TinyDataset.Build(tmp, name: "other", seed: 9);
        Train(data, tmp.Combine("model"), Tiny(epochs: 1));
        var e = Assert.Throws<Dl4mException>(() => Trainer.Open(other, tmp.Combine("model"), Tiny(), OutputPolicy.Resume));
        Assert.Contains("another dataset", e.Message);
    }
}
