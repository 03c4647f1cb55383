namespace Dl4m.Training;

/// <summary>Why a training run ended (train.json's <c>outcome.stop_reason</c>, `dl4m train --json`'s <c>stop_reason</c>).</summary>
public enum StopReason
{
    /// <summary>Not stopped (a run in progress, or one killed before it could say).</summary>
    None,
    /// <summary>--patience validations in a row without an improvement of more than --min-delta.</summary>
    Patience,
    /// <summary>--epochs passes over the training windows are done.</summary>
    MaxEpochs,
    /// <summary>The --time budget (wall clock of the training loop, all sessions) is spent.</summary>
    Time,
    /// <summary>Cancelled (Ctrl+C); the folder holds the last checkpoint.</summary>
    Interrupted,
}
