namespace Dl4m.Nn;

/// <summary>
/// What the training loop needs of a network, whatever its architecture (<see cref="Model"/>'s LSTM/Dense stack,
/// <see cref="Transformer.TransformerNetwork"/>): its weights and their gradients (what <see cref="Adam"/> updates and
/// checkpoints store), a training step with any <see cref="IOutputLoss"/>, a forward pass for validation, and the
/// config's text, description and size for the model folder.
/// </summary>
public interface INetwork : IDisposable
{
    /// <summary>The weights in file order. Writable.</summary>
    IReadOnlyList<NamedTensor> Parameters { get; }

    /// <summary>dLoss/dParameter from the last training step, same names, shapes and order as <see cref="Parameters"/>.</summary>
    IReadOnlyList<NamedTensor> Gradients { get; }

    /// <summary>Worker threads a batch is split over. Results are deterministic for a given count.</summary>
    int Threads { get; set; }

    /// <summary>Features per input step.</summary>
    int InputSize { get; }

    /// <summary>Outputs per step.</summary>
    int OutputSize { get; }

    /// <summary>Runs the network on input (B,T,F) into <paramref name="output"/>.</summary>
    void Predict(ReadOnlySpan<float> input, int batch, int steps, Span<float> output);

    /// <summary>
    /// One training step's forward and backward pass with <paramref name="loss"/> on the output rows; overwrites
    /// <see cref="Gradients"/> and returns the batch mean. <paramref name="state"/>: the rows' carried recurrent state
    /// (a network without one takes only null).
    /// </summary>
    double ComputeGradients(ReadOnlySpan<float> input, ReadOnlySpan<float> target, int batch, int steps, IOutputLoss loss, CarriedState? state);

    /// <summary>One line for messages and train.json, e.g. "LSTM(128) → Dense(211)".</summary>
    string Describe();

    /// <summary>Trainable parameters.</summary>
    long ParameterCount { get; }

    /// <summary>config.json's text (without a final newline).</summary>
    string ConfigJson();

    /// <summary>
    /// Training steps taken, for a network whose steps draw from a per-step stream (the transformer's dropout masks):
    /// a resumed run sets it to its checkpoint's step, so it continues bit-identically. Others ignore it.
    /// </summary>
    long TrainingSteps { get => 0; set { } }

    /// <summary>An empty generation state of one sequence, fed step by step (<see cref="ISequenceState.Step"/>).</summary>
    ISequenceState CreateSequenceState();
}
