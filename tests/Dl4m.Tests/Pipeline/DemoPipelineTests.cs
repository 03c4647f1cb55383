using System.Text.Json;
using Dl4m.Categorical;
using Dl4m.Generation;
using Dl4m.Pipeline;
using Dl4m.Midi;
using Dl4m.Training;
using Xunit;

namespace Dl4m.Tests.Pipeline;

/// <summary>The demo's default: a categorical model, trained at a tiny size here (the original demo is <see cref="TinyDemo"/>).</summary>
public sealed class DemoPipelineTests
{
    [Fact]
    public void DefaultDemoTrainsACategoricalModelAndWritesAValidSong()
    {
        using var folder = new TempFolder();
        var r = DemoPipeline.Run(new DemoOptions { Output = folder.Combine("demo"), Songs = 20, Epochs = 2, Hidden = 8, Notes = 30, Threads = 1, Wav = false });

        Assert.Equal(ModelKind.Categorical, r.Kind);
        Assert.Equal(Dl4m.Training.ModelKind.Categorical, SongWriter.FamilyOf(r.Model));
        var encoding = CategoricalEncodingJson.TryLoad(r.Model);
        Assert.NotNull(encoding);
        Assert.True(encoding.NormalizeKey);
        using (var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(r.Model, Trainer.RecordFileName))))
            Assert.Equal("categorical", record.RootElement.GetProperty("options").GetProperty("model").GetString());
        Assert.True(r.NoteNll is > 0 and < 10, $"validation NLL {r.NoteNll}");
        Assert.Equal(Dl4m.Training.ModelKind.Categorical, r.Song.Family);

        var notes = MidiReader.ReadFile(r.Song.Midi).Tracks.SelectMany(t => t.Events).Where(e => e.IsNoteOn).ToList();
        Assert.Equal(30, notes.Count);
        Assert.Equal(r.Song.Song.Notes.Select(n => n.Pitch).Order(), notes.Select(e => (int)e.Data1).Order());
        // the song lies on its own beat grid: every onset a whole 1/12 beat (40 ticks at 480 per quarter), at the song's tempo
        Assert.All(notes, e => Assert.Equal(0, e.Tick % (SongMidi.TicksPerQuarter / BeatGrid.StepsPerBeat)));
        Assert.NotNull(r.Song.Song.Meter);
        Assert.Equal("primer", r.Song.TempoSource);
        Assert.True(r.Song.Song.LengthSeconds > 0);
        Assert.True(new FileInfo(r.Song.Png!).Length > 0);
    }

    [Fact]
    public void TrainingOptionsFollowTheModelKind()
    {
        var categorical = DemoPipeline.Training(new DemoOptions());
        Assert.Equal(ModelKind.Categorical, categorical.Model);
        Assert.Equal([DemoOptions.CategoricalHidden], categorical.Hidden);
        Assert.Empty(categorical.Dense);
        Assert.Equal(TrainingMode.ManyToMany, categorical.Mode);
        Assert.Equal(8, categorical.EffectiveStride);
        Assert.True(categorical.NormalizeKey);
        Assert.Equal(0, categorical.AugmentTranspose);
        categorical.Validate();

        var seed = DemoPipeline.Training(new DemoOptions { Model = ModelKind.Original, Loss = LossKind.Note, Hidden = 20 });
        Assert.Equal(ModelKind.Original, seed.Model);
        Assert.Equal([20], seed.Hidden);
        Assert.Equal(LossKind.Note, seed.Loss);
        Assert.Equal(TrainingMode.ManyToOne, seed.Mode);
        seed.Validate();
    }
}
