using Dl4m.Categorical;
using Dl4m.Data;
using Dl4m.Families.Categorical;
using Dl4m.Generation;
using Dl4m.Midi;
using Dl4m.Music;
using Dl4m.Training;
using Xunit;

namespace Dl4m.Tests.Families.Categorical;

/// <summary>train --model categorical → generate on the two-label demo corpus of <see cref="TinyCategoricalModel"/>: the real folder, not a fake one.</summary>
public sealed class TrainedCategoricalEndToEndTests(TinyCategoricalModel tiny) : IClassFixture<TinyCategoricalModel>
{
    [Fact]
    public void TrainedKeyNormalisedModelWritesSongsPerLabelInTheRequestedKey()
    {
        string folder = tiny.NewFolder("e2e");
        string model = Path.Combine(folder, "model");
        var options = TrainingOptions.For(ModelKind.Categorical).WithFamily<CategoricalOptions>(c => c with { Hidden = [16], NormalizeKey = true }) with { Lookback = 8, Epochs = 2, Batch = 8, Threads = 1, Seed = 1 };
        using (var trainer = Trainer.Open(tiny.Dataset, model, options, OutputPolicy.Force))
            trainer.Run();
        var encoding = CategoricalEncodingJson.TryLoad(model);
        Assert.NotNull(encoding);
        Assert.Equal(["jigs", "reels"], encoding!.Labels);
        Assert.True(encoding.NormalizeKey);

        foreach (string label in new[] { "jigs", "reels" })
        {
            string output = Path.Combine(folder, $"{label}.mid");
            var file = SongWriter.Run(new GenerationRequest
            {
                ModelFolder = model, Output = output, Label = label, Key = MusicalKey.Parse("G major"),
                // within 36–96, so the move to G major never clamps a note at the keyboard's ends (a clamped note changes
                // its pitch class, and the moved song's key estimate could then differ from the key it was moved to)
                Options = new GenerationOptions { Notes = 64, Seed = 2, TopP = 0.95, LowNote = 36, HighNote = 96 },
            })[0];
            Assert.Equal(Dl4m.Training.ModelKind.Categorical, file.Family);
            Assert.Equal(label, file.Label);
            Assert.Contains($"{label}/", file.PrimerSource);
            Assert.Equal(file.Song.Key!.Result, SongKey.Estimate(file.Song.Notes));
            var events = NoteEventExtractor.ExtractAll(MidiReader.ReadFile(output));
            Assert.Equal(64, events.Length);
            Assert.Equal(file.Song.Notes.Select(n => n.Pitch).Order(), events.Select(e => (int)e.Note).Order());
        }
    }
}
