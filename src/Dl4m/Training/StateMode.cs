namespace Dl4m.Training;

/// <summary>What the LSTM state does between the training windows of a song (categorical model, <c>--state</c>).</summary>
public enum StateMode
{
    /// <summary>Every window starts from a zero state; windows are shuffled one by one (the model before lanes).</summary>
    Reset,

    /// <summary>
    /// Each batch row walks through whole songs window after window and carries its LSTM state from one window to the
    /// next of the same song (truncated backpropagation through the song); see <see cref="SongLanes"/>.
    /// </summary>
    Carry,
}
