namespace Dl4m.Training;

/// <summary>One validation point of a training run (one line of history.csv).</summary>
/// <param name="Epoch">Epoch (1-based) in which the point falls; a whole number at epoch ends.</param>
/// <param name="Step">Training steps (batches) done so far.</param>
/// <param name="Train">Mean training loss parts since the previous point (accuracy not measured: NaN).</param>
/// <param name="Validation">Validation loss parts and rounded-note accuracy.</param>
/// <param name="WindowsPerSecond">Training windows per second since the previous point (batch assembly included, validation excluded).</param>
/// <param name="Seconds">Wall-clock seconds of training so far (all sessions of a resumed run).</param>
/// <param name="Best">True when this point gave new best weights (a validation total below every earlier one).</param>
/// <param name="WithoutImprovement">The patience counter after this point: validations since the last improvement of more than --min-delta.</param>
public sealed record HistoryRow(int Epoch, long Step, LossSummary Train, LossSummary Validation, double WindowsPerSecond, double Seconds,
    bool Best = false, int WithoutImprovement = 0);
