namespace Dl4m.Generation;

/// <summary>The result of <see cref="SongGenerator.Generate"/>.</summary>
public sealed class GeneratedSong
{
    internal GeneratedSong(IReadOnlyList<GeneratedNote> notes, double generationMilliseconds, int primerEvents, int paddedEvents)
    {
        Notes = notes;
        GenerationMilliseconds = generationMilliseconds;
        PrimerEvents = primerEvents;
        PaddedEvents = paddedEvents;
    }

    /// <summary>The generated notes in onset order (the primer is not included).</summary>
    public IReadOnlyList<GeneratedNote> Notes { get; }

    /// <summary>Time spent in the generation loop itself (priming and every step), in milliseconds.</summary>
    public double GenerationMilliseconds { get; }

    /// <summary>Events of the primer as given.</summary>
    public int PrimerEvents { get; }

    /// <summary>Copies of the primer's first event put in front because the primer was shorter than the look-back (0 if it was long enough).</summary>
    public int PaddedEvents { get; }

    /// <summary>Seconds from the first onset to the end of the last note.</summary>
    public double LengthSeconds => Notes.Count == 0 ? 0 : Notes.Max(n => n.StartSeconds + n.DurationSeconds);
}
