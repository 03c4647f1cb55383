using System.Text.Json.Serialization;
using Dl4m.Families.Categorical;
using Dl4m.Training;

namespace Dl4m.Families.Transformer;

/// <summary>
/// The transformer family's own options (<see cref="TrainingOptions.Family"/>): the encoding, loss and validation
/// options it shares with the categorical family (<see cref="CategoricalTokenOptions"/>: the same tokens, heads and
/// evaluator) and its network's own. It has no LSTM fields and no carried state, so their flags are refused for it.
/// </summary>
public sealed record TransformerOptions : CategoricalTokenOptions
{
    /// <inheritdoc/>
    [JsonIgnore] // written as options.model
    public override ModelKind Model => ModelKind.Transformer;

    /// <inheritdoc/>
    /// <remarks>It predicts every step of a window.</remarks>
    [JsonIgnore] // not an option: told by the network
    public override TrainingMode WindowMode => TrainingMode.ManyToMany;

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
