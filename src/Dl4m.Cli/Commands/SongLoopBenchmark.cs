using Dl4m.Data;
using Dl4m.Families.Original;
using Dl4m.Generation;
using Dl4m.Nn;
using Dl4m.Training;

namespace Dl4m.Cli.Commands;

/// <summary>
/// Notes/s of the whole `dl4m generate` loop (model step, de-normalising, choosing the note, noise,
/// durations) on the default model with random weights, so `bench generate` can put it beside the
/// PyTorch peer in the same run. Scaling is Nottingham's order of magnitude; the weights do not
/// change the work per note.
/// </summary>
internal static class SongLoopBenchmark
{
    public const int Lookback = 16;

    public static (double Sample, double Round) Run(int notes)
    {
        var scaling = new FeatureScaling(NoteMean: 67, NoteStd: 8, VelocityMean: 90, VelocityStd: 1, DeltaSecondsMean: 0.25, DeltaSecondsStd: 0.2);
        using var generator = new OriginalGenerator(Model.Create(ModelConfig.Seed, seed: 1), scaling, Lookback);
        var primer = new EventRecord[Lookback];
        for (int i = 0; i < primer.Length; i++) primer[i] = new EventRecord { Note = 60 + 2 * (i % 5), Velocity = 90, DeltaSeconds = 0.25f };
        double NotesPerSecond(GenerationMode mode)
        {
            var options = new GenerationOptions { Notes = notes, Mode = mode, Seed = 1 };
            generator.Generate(primer, options with { Notes = Math.Min(notes, 20_000) }); // warm-up: tiered JIT settles
            var song = generator.Generate(primer, options);
            return song.Notes.Count / (song.GenerationMilliseconds / 1000);
        }
        return (NotesPerSecond(GenerationMode.Sample), NotesPerSecond(GenerationMode.Round));
    }
}
