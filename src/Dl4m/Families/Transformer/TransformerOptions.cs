using System.Text.Json.Serialization;
using Dl4m.Families.Categorical;
using Dl4m.Training;

namespace Dl4m.Families.Transformer;

/// <summary>
/// The transformer family's own options (<see cref="TrainingOptions.Family"/>): the categorical family's encoding, loss
/// and validation options (it shares that family's tokens, heads and evaluator, so it derives its record) and the
/// network's own. Deriving from <see cref="CategoricalOptions"/> brings the LSTM fields of <see cref="LstmOptions"/>
/// along; the transformer reads none of them and <see cref="TransformerFamily.Validate"/> refuses any that is set, so the
/// command line refuses <c>--hidden</c> and the like for this family as before. (A record of the categorical tokens
/// without the LSTM would be cleaner; it waits for a second family that needs it.)
/// </summary>
public sealed record TransformerOptions : CategoricalOptions
{
    /// <inheritdoc/>
    [JsonIgnore] // written as options.model
    public override ModelKind Model => ModelKind.Transformer;

    /// <summary>Blocks (attention + feed-forward).</summary>
    public int Blocks { get; init; } = 2;

    /// <summary>Attention heads (<see cref="Width"/> must be a multiple).</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Model width (embedding and residual stream).</summary>
    public int Width { get; init; } = 128;

    /// <summary>Feed-forward units per block.</summary>
    public int FeedForward { get; init; } = 512;

    /// <summary>Dropout on the attention and feed-forward outputs in training.</summary>
    public double Dropout { get; init; } = 0.1;
}
