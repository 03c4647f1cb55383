using Dl4m.Pipeline;
using Dl4m.Data;
using Dl4m.Families.Original;
using Dl4m.Generation;
using Dl4m.Training;

namespace Dl4m.Tests.Families.Original;

public sealed class OriginalFamilyGenerationTests
{
    [Fact]
    public void An_original_model_samples_the_same_songs_after_its_dataset_is_deleted_and_an_older_folder_falls_back_with_a_notice()
    {
        using var tmp = new TempFolder();
        var r = DemoPipeline.Run(new DemoOptions
        {
            Output = tmp.Combine("demo"), Model = ModelKind.Original, Songs = 40, Epochs = 1, MaxWindows = 400, Hidden = 8, Notes = 40, Threads = 1, Wav = false,
        });
        // Training stored the noise generation used to measure from the dataset: the same windows, the same best weights.
        var stored = SamplingNoiseFile.TryLoad(r.Model);
        Assert.NotNull(stored);
        using (var generator = OriginalGenerator.Load(r.Model, out var record))
        using (var dataset = Dataset.Open(r.Dataset))
            Assert.Equal(ResidualNoise.Estimate(generator.Model, record.Normalization, dataset, generator.Lookback), stored);

        string primer = Directory.GetFiles(r.Corpus, "*.mid").Order(StringComparer.Ordinal).First();
        GenerationRequest Request(string name) => new()
        {
            ModelFolder = r.Model, PrimerFile = primer, Output = tmp.Combine(name + ".mid"), Options = new GenerationOptions { Notes = 40, Seed = 3 },
        };
        var notices = new List<string>();
        var before = SongWriter.Run(Request("before"), notices.Add)[0].Song.Notes;
        Directory.Delete(r.Dataset, recursive: true);
        var after = SongWriter.Run(Request("after"), notices.Add)[0].Song.Notes;
        Assert.Equal(before, after);
        Assert.Empty(notices);

        // A folder trained before sampling.json existed, its dataset gone: the documented default, said once.
        File.Delete(Path.Combine(r.Model, SamplingNoiseFile.FileName));
        Assert.Equal(40, SongWriter.Run(Request("older"), notices.Add)[0].Song.Notes.Count);
        Assert.Contains(SamplingNoiseFile.FileName, Assert.Single(notices));
    }
}
