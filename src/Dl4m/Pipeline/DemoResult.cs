using Dl4m.Generation;
using Dl4m.Training;

namespace Dl4m.Pipeline;

/// <summary>What <see cref="DemoPipeline.Run"/> wrote.</summary>
/// <param name="Corpus">MIDI folder trained on.</param>
/// <param name="Dataset">Dataset folder.</param>
/// <param name="Model">Model folder.</param>
/// <param name="Kind">Model family trained.</param>
/// <param name="Song">The generated song and its files.</param>
/// <param name="ValidationLoss">Best validation loss (NaN if training never validated).</param>
/// <param name="NoteNll">Categorical model: validation −ln p(true note) in nats per note at the best point (null for the original model or without validation).</param>
/// <param name="Seconds">Wall time of the whole pipeline.</param>
public sealed record DemoResult(string Corpus, string Dataset, string Model, ModelKind Kind, GeneratedFile Song, double ValidationLoss, double? NoteNll, double Seconds);
