namespace Dl4m.Generation;

/// <summary>What the model sees before each prediction.</summary>
public enum ContextMode
{
    /// <summary>
    /// One LSTM step per generated event: the recurrent state carries the whole song so far (fast: one step
    /// per note; the state runs longer than the training windows did).
    /// </summary>
    Stateful,

    /// <summary>
    /// The original's sliding window: the state is reset and the last look-back events are fed again for every
    /// prediction, exactly as in training (look-back steps per note).
    /// </summary>
    Window,
}
