namespace Dl4m.Training;

/// <summary>How a <see cref="Trainer.Run"/> ended.</summary>
/// <param name="Best">The best validation point (its weights are model.safetensors).</param>
/// <param name="History">Every validation point of the run, resumed sessions included.</param>
/// <param name="Stop">Why the run ended.</param>
/// <param name="WindowsPerSecond">Training windows per second of this session (batch assembly included, validation excluded).</param>
/// <param name="Seconds">Wall-clock seconds of this session.</param>
/// <param name="Outcome">The run's outcome as train.json records it (best point, epochs run, stop reason, budget).</param>
public sealed record TrainingResult(HistoryRow? Best, IReadOnlyList<HistoryRow> History, StopReason Stop, double WindowsPerSecond, double Seconds,
    TrainingOutcome Outcome)
{
    /// <summary>True when --patience ended the run.</summary>
    public bool StoppedEarly => Stop == StopReason.Patience;
}
