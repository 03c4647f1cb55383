namespace Dl4m.Evaluation.Baselines;

/// <summary>
/// An excerpt of a training song, copied note for note: a uniformly chosen song, a uniformly chosen start, N notes
/// (the whole song when it is shorter). The first copied note starts the song (its Δtime becomes 0).
/// </summary>
public sealed class CopyBaseline : IBaseline
{
    private readonly TrainingSongs _training;

    /// <summary>Keeps the training songs to copy from.</summary>
    public CopyBaseline(TrainingSongs training) => _training = training;

    /// <inheritdoc />
    public List<BaselineNote> Generate(Random random, int noteCount)
    {
        var source = _training.Songs[random.Next(_training.Songs.Count)];
        int length = Math.Min(noteCount, source.Length);
        int start = random.Next(source.Length - length + 1);
        var song = new List<BaselineNote>(source.AsSpan(start, length).ToArray());
        if (song.Count > 0) song[0] = song[0] with { DeltaSeconds = 0 };
        return song;
    }
}
