using Dl4m.Music;

namespace Dl4m.Generation;

/// <summary>The result of a family's generator (<see cref="Families.Original.OriginalGenerator.Generate"/>, <see cref="Families.Categorical.CategoricalGenerator.Generate"/>).</summary>
public sealed class GeneratedSong
{
    internal GeneratedSong(IReadOnlyList<Note> notes, double generationMilliseconds, int primerEvents, int paddedEvents)
    {
        Notes = notes;
        GenerationMilliseconds = generationMilliseconds;
        PrimerEvents = primerEvents;
        PaddedEvents = paddedEvents;
    }

    /// <summary>The generated notes in onset order (the primer is not included).</summary>
    public IReadOnlyList<Note> Notes { get; }

    /// <summary>Time spent in the generation loop itself (priming and every step), in milliseconds.</summary>
    public double GenerationMilliseconds { get; }

    /// <summary>Events of the primer as given.</summary>
    public int PrimerEvents { get; }

    /// <summary>Copies of the primer's first event put in front because the primer was shorter than the look-back (0 if it was long enough).</summary>
    public int PaddedEvents { get; }

    /// <summary>
    /// Categorical models: Σ ln p(note) of the generated notes under the model's own note softmax (temperature 1, no
    /// top-k/top-p, but within <c>--range</c>), the score beam search maximises; null for original models.
    /// </summary>
    public double? NoteLogProbability { get; internal init; }

    /// <summary>Categorical models: semitones the primer was moved to C major / A minor because the model was trained with normalised keys (0 otherwise).</summary>
    public int PrimerShift { get; private init; }

    /// <summary>Categorical models: the tempo and bar the notes were placed on (the MIDI file is written with them); null for original models.</summary>
    public SongMeter? Meter { get; internal init; }

    /// <summary>What <c>--key</c> did, or null when no key was requested.</summary>
    public KeyTransposition? Key { get; private init; }

    /// <summary>Seconds from the first onset to the end of the last note.</summary>
    public double LengthSeconds => Notes.Count == 0 ? 0 : Notes.Max(n => n.StartSeconds + n.DurationSeconds);

    /// <summary>This song with <see cref="PrimerShift"/> set.</summary>
    internal GeneratedSong WithPrimerShift(int semitones) => new(Notes, GenerationMilliseconds, PrimerEvents, PaddedEvents)
    {
        NoteLogProbability = NoteLogProbability,
        Meter = Meter,
        PrimerShift = semitones,
        Key = Key,
    };

    /// <summary>This song moved to <paramref name="requested"/> (see <see cref="SongKey.Transpose"/>).</summary>
    public GeneratedSong InKey(MusicalKey requested)
    {
        var (notes, key) = SongKey.Transpose(Notes, requested);
        return new GeneratedSong(notes, GenerationMilliseconds, PrimerEvents, PaddedEvents)
        {
            NoteLogProbability = NoteLogProbability,
            Meter = Meter,
            PrimerShift = PrimerShift,
            Key = key,
        };
    }
}
