namespace Dl4m.Nn.Transformer;

/// <summary>
/// A decoder-only transformer as plain data (config.json of a transformer model folder): input rows of
/// <see cref="InputSize"/> features (the categorical encoding's multi-hot rows) embedded linearly to
/// <see cref="Width"/>, <see cref="Layers"/> pre-LayerNorm blocks of causal self-attention with relative positions
/// (<see cref="Heads"/> heads, one learned embedding per relative distance 0 … <see cref="Context"/>−1 per head) and a
/// tanh-GELU feed-forward of <see cref="FeedForward"/> units, a final LayerNorm and a linear output of
/// <see cref="OutputSize"/> logits per step. <see cref="Dropout"/> applies in training only.
/// </summary>
public sealed record TransformerConfig
{
    /// <summary>Features per input step.</summary>
    public required int InputSize { get; init; }

    /// <summary>Outputs per step (the categorical heads' logits).</summary>
    public required int OutputSize { get; init; }

    /// <summary>Model width D (embedding and residual stream).</summary>
    public int Width { get; init; } = 128;

    /// <summary>Attention heads H (D must be a multiple of H).</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Blocks.</summary>
    public int Layers { get; init; } = 2;

    /// <summary>Feed-forward units per block.</summary>
    public int FeedForward { get; init; } = 512;

    /// <summary>The longest window (steps) the relative embeddings cover: training windows and the generation cache.</summary>
    public int Context { get; init; } = 64;

    /// <summary>Dropout probability on the attention and feed-forward outputs before each residual add (training only).</summary>
    public double Dropout { get; init; }

    /// <summary>Width of one head (D / H).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int HeadWidth => Width / Heads;

    /// <summary>Throws a <see cref="Dl4mException"/> naming the field when the config is impossible.</summary>
    public void Validate()
    {
        Positive(InputSize, nameof(InputSize));
        Positive(OutputSize, nameof(OutputSize));
        Positive(Width, nameof(Width));
        Positive(Heads, nameof(Heads));
        Positive(Layers, nameof(Layers));
        Positive(FeedForward, nameof(FeedForward));
        Positive(Context, nameof(Context));
        if (Width % Heads != 0) throw new Dl4mException($"TransformerConfig.Width ({Width}) must be a multiple of TransformerConfig.Heads ({Heads})");
        if (!(Dropout >= 0 && Dropout < 1)) throw new Dl4mException($"TransformerConfig.Dropout must be in [0, 1) (got {Dropout})");
        if ((long)Width * Math.Max(FeedForward, Math.Max(3 * Width, Math.Max(InputSize, OutputSize))) > 1 << 28
            || (long)Heads * Context * Context > 1 << 28)
            throw new Dl4mException("TransformerConfig: sizes too large for this engine's buffers");
    }

    private static void Positive(int value, string name)
    {
        if (value < 1 || value > 1 << 20) throw new Dl4mException($"TransformerConfig.{name} must be between 1 and {1 << 20} (got {value})");
    }

    /// <summary>Trainable parameters.</summary>
    public long ParameterCount()
    {
        long d = Width, f = FeedForward;
        long block = 2 * d + d * 3 * d + 3 * d + (long)Heads * Context * HeadWidth + d * d + d + 2 * d + d * f + f + f * d + d;
        return InputSize * d + d + Layers * block + 2 * d + d * OutputSize + OutputSize;
    }

    /// <summary>One line such as "Transformer(D 128, 4 heads, 2 blocks, FF 512, context 64, dropout 0.1)".</summary>
    public string Describe() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"Transformer(D {Width}, {Heads} heads, {Layers} blocks, FF {FeedForward}, context {Context}, dropout {Dropout}) → Dense({OutputSize})");
}
