namespace Dl4m.Training;

/// <summary>How a <see cref="Trainer.Run"/> ended.</summary>
/// <param name="Best">The best validation point (its weights are model.safetensors).</param>
/// <param name="History">Every validation point of the run, resumed sessions included.</param>
/// <param name="StoppedEarly">True when --patience ended the run.</param>
/// <param name="WindowsPerSecond">Training windows per second of this session (batch assembly included, validation excluded).</param>
/// <param name="Seconds">Wall-clock seconds of this session.</param>
public sealed record TrainingResult(HistoryRow? Best, IReadOnlyList<HistoryRow> History, bool StoppedEarly, double WindowsPerSecond, double Seconds);
