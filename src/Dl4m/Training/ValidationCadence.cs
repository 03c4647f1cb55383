using System.Globalization;

namespace Dl4m.Training;

/// <summary>
/// When a run validates (and checkpoints). The automatic rule, the categorical default: at the end of every epoch
/// while an epoch is at most <see cref="AutoIntervalEvents"/> training events, otherwise every
/// <see cref="AutoIntervalEvents"/> events, so a small corpus is checked every epoch, a large one does not go hours
/// unchecked, and --patience counts units of at most that much training in both.
/// </summary>
public static class ValidationCadence
{
    /// <summary>
    /// Training events (windows × look-back) between two validations on a large corpus: 2 M is about 13 s of
    /// training for the default categorical model on 2 cores (4,800 windows/s of 32 events) and 4 Nottingham epochs.
    /// </summary>
    public const long AutoIntervalEvents = 2_000_000;

    /// <summary>
    /// Steps between validations, 0 = at the end of each epoch: <paramref name="validateEvery"/> when given
    /// (0 or N steps), otherwise the automatic rule for an epoch of <paramref name="stepsPerEpoch"/> steps of
    /// <paramref name="batch"/> windows of <paramref name="lookback"/> events.
    /// </summary>
    public static int Steps(int? validateEvery, int stepsPerEpoch, int batch, int lookback)
    {
        if (validateEvery is { } given) return given;
        long eventsPerStep = (long)batch * lookback;
        if (stepsPerEpoch * eventsPerStep <= AutoIntervalEvents) return 0;
        return (int)Math.Max(1, (AutoIntervalEvents + eventsPerStep - 1) / eventsPerStep);
    }

    /// <summary>The cadence in words, for the start of `dl4m train` and train.json.</summary>
    public static string Describe(int? validateEvery, int steps) => steps == 0
        ? validateEvery is null ? "each epoch (auto: an epoch is at most 2 M training events)" : "each epoch"
        : string.Create(CultureInfo.InvariantCulture,
            $"every {steps:N0} steps{(validateEvery is null ? " (auto: every 2 M training events, an epoch is longer)" : "")}");
}
