namespace Dl4m.Training;

/// <summary>What part of the validation split a run measures (all of it, or a fixed subset of whole songs).</summary>
/// <param name="Songs">Songs validated on.</param>
/// <param name="Events">Their events.</param>
/// <param name="SplitSongs">Songs of the validation split (after --max-songs) long enough to give a window.</param>
/// <param name="SplitEvents">Their events.</param>
public sealed record ValidationSample(int Songs, long Events, int SplitSongs, long SplitEvents)
{
    /// <summary>True when only a subset of the split is validated on.</summary>
    public bool IsSubset => Songs < SplitSongs;
}
