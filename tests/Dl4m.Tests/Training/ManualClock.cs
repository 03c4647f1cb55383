namespace Dl4m.Tests.Training;

/// <summary>
/// A clock for the trainer's --time budget that moves only when told: by <see cref="Advance"/>, and by
/// <see cref="Tick"/> on every reading (so time passes while the loop runs, without sleeping).
/// </summary>
internal sealed class ManualClock : TimeProvider
{
    private long _ticks;

    /// <summary>Time added at every reading.</summary>
    public TimeSpan Tick { get; init; }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        _ticks += Tick.Ticks;
        return _ticks;
    }

    public void Advance(TimeSpan by) => _ticks += by.Ticks;
}
