namespace Dl4m.Categorical;

/// <summary>What the categorical model's note head predicts.</summary>
public enum NoteTarget
{
    /// <summary>A softmax over the 128 MIDI pitches.</summary>
    Pitch,

    /// <summary>A softmax over the intervals −R…+R semitones from the previous note (R = <see cref="CategoricalEncoding.IntervalRange"/>).</summary>
    Interval,
}
