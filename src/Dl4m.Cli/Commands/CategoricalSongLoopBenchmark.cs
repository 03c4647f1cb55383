using Dl4m.Categorical;
using Dl4m.Generation;
using Dl4m.Families.Categorical;
using Dl4m.Nn;

namespace Dl4m.Cli.Commands;

/// <summary>
/// Notes/s of the categorical `dl4m generate` loop (model step, note head sampled or searched, velocity/Δtime/duration
/// heads drawn, event decoded and fed back) on the categorical defaults — LSTM(128) → Dense(224) logits over the
/// 128 + 16 + 40 + 40 + 96 one-hot input — with random weights (the weights do not change the work per note).
/// </summary>
internal static class CategoricalSongLoopBenchmark
{
    public const int Hidden = 128;
    public const int Lookback = 32;

    public static CategoricalEncoding Encoding { get; } = new()
    {
        Delta = BeatGrid.Delta,
        Duration = BeatGrid.Duration,
    };

    public static ModelConfig Config { get; } = new()
    {
        InputSize = Encoding.InputSize,
        Layers = [LayerConfig.Lstm(Hidden, returnSequences: true), LayerConfig.Dense(Encoding.OutputSize)],
    };

    /// <summary>Notes/s of plain sampling (temperature 1), nucleus sampling (top-k 40, top-p 0.9) and beam search (W = 4).</summary>
    public static (double Sample, double Nucleus, double Beam4) Run(int notes)
    {
        using var generator = new CategoricalGenerator(Model.Create(Config, seed: 1), Encoding);
        var primer = new CategoricalEvent[Lookback];
        for (int i = 0; i < primer.Length; i++) primer[i] = new CategoricalEvent(60 + 2 * (i % 5), 90, 6, 6, 6 * i % BeatTokens.DefaultBarSteps);
        double NotesPerSecond(GenerationOptions options)
        {
            generator.Generate(primer, -1, options with { Notes = Math.Min(notes, 2_000) }); // warm-up: tiered JIT settles
            var song = generator.Generate(primer, -1, options);
            return song.Notes.Count / (song.GenerationMilliseconds / 1000);
        }
        var plain = new GenerationOptions { Notes = notes, Seed = 1 };
        return (NotesPerSecond(plain), NotesPerSecond(plain with { TopK = 40, TopP = 0.9 }), NotesPerSecond(plain with { Beam = 4 }));
    }
}
