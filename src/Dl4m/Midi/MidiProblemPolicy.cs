namespace Dl4m.Midi;

/// <summary>What the reader does when it meets one kind of problem (see <see cref="MidiReadSettings"/>).</summary>
public enum MidiProblemPolicy
{
    /// <summary>Stop and throw a <see cref="MidiReadException"/>.</summary>
    Throw,
    /// <summary>Repair or skip, keep every event read so far, and record a <see cref="MidiWarning"/>.</summary>
    Warn,
    /// <summary>Repair or skip silently.</summary>
    Ignore,
}
