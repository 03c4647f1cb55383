namespace Dl4m.Midi;

/// <summary>
/// Where the reader sends every problem it meets: throws, records or drops it by the settings' policy.
/// One per file read; also carries the file's event budget so hostile files cannot exhaust memory.
/// </summary>
internal sealed class MidiProblemSink(MidiReadSettings settings, string? path)
{
    private readonly List<MidiWarning> _warnings = [];
    private int _suppressed;

    public MidiReadSettings Settings { get; } = settings;

    /// <summary>Events this file may still add before reading stops (<see cref="MidiReadSettings.MaxEvents"/>).</summary>
    public int RemainingEvents { get; set; } = Math.Max(0, settings.MaxEvents);

    /// <summary>
    /// The kind of a declared size that runs past the data: absurd when larger than any file the reader accepts
    /// (<see cref="MidiReadSettings.MaxFileBytes"/>), else the data was cut short.
    /// </summary>
    public MidiErrorKind SizeProblem(uint declared) =>
        declared > Settings.MaxFileBytes ? MidiErrorKind.AbsurdSize : MidiErrorKind.TruncatedChunk;

    /// <summary>True if the problem is repaired rather than thrown.</summary>
    public bool Tolerates(MidiErrorKind kind) => Settings.PolicyFor(kind) != MidiProblemPolicy.Throw;

    /// <summary>Throws, records or ignores one problem; returns only if reading may go on.</summary>
    /// <param name="kind">What is wrong.</param>
    /// <param name="offset">Byte offset in the data.</param>
    /// <param name="reason">What is wrong, in words (the whole message when thrown).</param>
    /// <param name="repair">What lenient reading does about it, appended to warnings only.</param>
    public void Report(MidiErrorKind kind, long offset, string reason, string? repair = null)
    {
        switch (Settings.PolicyFor(kind))
        {
            case MidiProblemPolicy.Throw:
                throw new MidiReadException(kind, offset, reason, path);
            case MidiProblemPolicy.Warn:
                if (_warnings.Count < Settings.MaxWarnings)
                    _warnings.Add(new MidiWarning(offset, $"{reason}{(repair is null ? "" : "; " + repair)} ({MidiReadException.KindName(kind)})") { Kind = kind });
                else
                    _suppressed++;
                break;
        }
    }

    /// <summary>Throws a problem that no policy can tolerate (nothing left to salvage).</summary>
    public MidiReadException Fatal(MidiErrorKind kind, long offset, string reason) => new(kind, offset, reason, path);

    /// <summary>The warnings, with one last entry counting those beyond the cap.</summary>
    public List<MidiWarning> TakeWarnings()
    {
        if (_suppressed > 0)
            _warnings.Add(new MidiWarning(_warnings.Count > 0 ? _warnings[^1].Offset : 0, $"{_suppressed} more warnings not recorded"));
        return _warnings;
    }
}
