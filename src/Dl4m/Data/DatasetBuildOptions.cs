namespace Dl4m.Data;

/// <summary>How <see cref="DatasetBuilder"/> turns a MIDI folder into a dataset.</summary>
public sealed record DatasetBuildOptions
{
    /// <summary>Keep channel 9 (General MIDI drums). Default: dropped.</summary>
    public bool IncludeDrums { get; init; }

    /// <summary>Train/validation/test proportions. Default 80/10/10.</summary>
    public SplitRatios Split { get; init; } = SplitRatios.Default;

    /// <summary>What places a file in a split: its content hash (default) or its file name.</summary>
    public SplitGrouping GroupBy { get; init; } = SplitGrouping.Content;

    /// <summary>Worker threads reading and converting files. Default: all cores.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Replace an output folder that exists and is not empty.</summary>
    public bool Force { get; init; }

    /// <summary>Files larger than this are recorded as failures without being read (no MIDI corpus file comes near).</summary>
    public long MaxFileBytes { get; init; } = 64L << 20;
}
