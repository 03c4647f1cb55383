namespace Dl4m.Data;

/// <summary>How many files ended where, for the whole corpus, one label or one split.</summary>
public sealed class DatasetCounts
{
    /// <summary>MIDI files found (by extension).</summary>
    public long Files { get; set; }

    /// <summary>Files read (cleanly or salvaged).</summary>
    public long Parsed { get; set; }

    /// <summary>Files read only by skipping damage (lenient reading recorded warnings); included in <see cref="Parsed"/>.</summary>
    public long Salvaged { get; set; }

    /// <summary>Files that could not be read at all (see the manifest's failures).</summary>
    public long Failed { get; set; }

    /// <summary>Readable files whose bytes equal an earlier file's: not kept.</summary>
    public long Duplicates { get; set; }

    /// <summary>Songs kept: parsed files that are not duplicates.</summary>
    public long Songs { get; set; }

    /// <summary>Note-ons with velocity above 0 in every parsed file (duplicates included), every channel, before any filtering.</summary>
    public long NoteOns { get; set; }

    /// <summary>Events written for the kept songs (after dropping drums unless included).</summary>
    public long Events { get; set; }
}
