namespace Dl4m.Training;

/// <summary>How many windows one split gave, and from how many songs.</summary>
/// <param name="Windows">Windows (all of them; training uses only whole batches per epoch).</param>
/// <param name="Songs">Songs that gave at least one window.</param>
public readonly record struct WindowCounts(int Windows, int Songs);
