namespace Dl4m.Training;

/// <summary>
/// The random generator of an epoch's --augment transpositions: one per epoch, seeded by (seed, epoch), so the draws are
/// a function of the epoch's window order and a run resumed mid-epoch replays the draws of the steps already done.
/// </summary>
internal static class TranspositionDraws
{
    /// <summary>The generator of epoch <paramref name="epoch"/> (0-based) of a run with <paramref name="seed"/>.</summary>
    public static Random ForEpoch(int seed, int epoch) => new(unchecked(seed * 1_000_003 + epoch * 7_919 + 0x2545F491));
}
