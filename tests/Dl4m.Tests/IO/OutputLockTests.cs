using Dl4m.Data;
using Dl4m.IO;
using Dl4m.Tests.Data;
using Dl4m.Tests.Training;
using Dl4m.Training;

namespace Dl4m.Tests.IO;

/// <summary>
/// Two runs writing one output folder: the second stops at once with a message naming the folder and the lock, and
/// the first run's output is left whole. (Found by an adversarial run: two `dl4m train` on one --out both exited 0 and
/// left train.json from one run beside the weights of the other.)
/// </summary>
public sealed class OutputLockTests
{
    [Fact]
    public void A_second_lock_on_the_same_folder_is_refused_until_the_first_is_released()
    {
        using var tmp = new TempFolder();
        string output = tmp.Combine("out");
        using (OutputLock.Acquire(output))
        {
            Assert.True(File.Exists(output + OutputLock.Suffix));
            var e = Assert.Throws<Dl4mException>(() => OutputLock.Acquire(output));
            Assert.Contains("being written by another dl4m run", e.Message);
            Assert.Contains(output + OutputLock.Suffix, e.Message);
        }
        Assert.False(File.Exists(output + OutputLock.Suffix)); // no leftover
        using (OutputLock.Acquire(output)) { }
    }

    [Fact]
    public void Prepare_into_a_folder_another_run_is_writing_is_refused_and_writes_nothing()
    {
        using var tmp = new TempFolder();
        tmp.Write("in/a.mid", FakeMidiParser.Bytes("FAKE", (60, 100), (62, 90)));
        string output = tmp.Combine("data");
        var builder = new DatasetBuilder(new DatasetBuildOptions { Threads = 1 }, FakeMidiParser.Parse);
        using (OutputLock.Acquire(output))
        {
            var e = Assert.Throws<Dl4mException>(() => builder.Build(tmp.Combine("in"), output));
            Assert.Contains("another dl4m run", e.Message);
            Assert.False(Directory.Exists(output));
        }
        builder.Build(tmp.Combine("in"), output); // free again
        Assert.True(File.Exists(Path.Combine(output, DatasetFormat.ManifestFile)));
        Assert.False(File.Exists(output + OutputLock.Suffix));
    }

    [Fact]
    public void Train_into_a_model_folder_another_trainer_holds_is_refused_and_leaves_the_first_folder_whole()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        string model = tmp.Combine("model");
        var options = new TrainingOptions { Epochs = 1, Threads = 1, Lookback = 4 };
        using (var first = Trainer.Open(data, model, options, OutputPolicy.New))
        {
            var before = Directory.GetFiles(model).ToDictionary(f => f, File.ReadAllBytes);
            var e = Assert.Throws<Dl4mException>(() => Trainer.Open(data, model, options, OutputPolicy.Force));
            Assert.Contains("another dl4m run", e.Message);
            foreach (var (file, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(file));
            first.Run();
        }
        Assert.False(File.Exists(model + OutputLock.Suffix));
        using var resumed = Trainer.Open(data, model, options with { Epochs = 2 }, OutputPolicy.Resume); // released on Dispose
    }
}
