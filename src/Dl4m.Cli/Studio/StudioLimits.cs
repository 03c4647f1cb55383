namespace Dl4m.Cli.Studio;

/// <summary>What one request may ask of the studio, so a careless click (or a script) cannot take the machine.</summary>
public sealed record StudioLimits
{
    /// <summary>Most notes of one song (the CLI allows a million; a browser tab has no use for more than a few minutes).</summary>
    public int MaxNotes { get; init; } = 5000;

    /// <summary>Largest primer upload: MIDI files of real songs are tens of kilobytes.</summary>
    public long MaxUploadBytes { get; init; } = 1 << 20;

    /// <summary>Largest beam width: beam search costs W times a sampled song.</summary>
    public int MaxBeam { get; init; } = 8;

    /// <summary>Generations running at once over all tabs (each tab runs one at a time on top of this).</summary>
    public int MaxConcurrent { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Songs kept on disk; the oldest are deleted beyond this.</summary>
    public int MaxStoredSongs { get; init; } = 200;

    /// <summary>Songs listed by one dataset search.</summary>
    public int MaxListedSongs { get; init; } = 100;
}
