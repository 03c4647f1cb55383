namespace Dl4m.Data;

/// <summary>What decides a file's split (`dl4m prepare --group-by`).</summary>
public enum SplitGrouping
{
    /// <summary>The SHA-256 of the file's bytes: every distinct file is placed on its own.</summary>
    Content,

    /// <summary>
    /// The file name without folder and extension, case-insensitive: files that share a name land in the same
    /// split, so copies of one tune kept in several folders (Nottingham's root, melody/ and chords/) cannot
    /// leak from train into validation or test.
    /// </summary>
    Name,
}
