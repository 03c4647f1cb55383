namespace Dl4m.Data;

/// <summary>Live counters of a running build, safe to read from another thread (for a progress bar).</summary>
public sealed class DatasetBuildProgress
{
    private long _total = -1;
    private long _done;
    private long _failed;

    /// <summary>Files to process, or -1 while the folder is still being listed.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Files processed so far.</summary>
    public long Done => Interlocked.Read(ref _done);

    /// <summary>Files that could not be read so far.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    internal void SetTotal(long total) => Interlocked.Exchange(ref _total, total);

    internal void FileDone(bool failed)
    {
        if (failed) Interlocked.Increment(ref _failed);
        Interlocked.Increment(ref _done);
    }
}
