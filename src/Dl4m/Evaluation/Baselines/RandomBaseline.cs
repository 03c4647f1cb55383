namespace Dl4m.Evaluation.Baselines;

/// <summary>
/// Every field of every note drawn independently from the train split's empirical distributions (a uniformly
/// chosen training event for the pitch, another for the velocity, another for Δtime, another for the duration):
/// the corpus's vocabulary and pace, with no order at all.
/// </summary>
public sealed class RandomBaseline : IBaseline
{
    private readonly BaselineNote[] _events;

    /// <summary>Pools every training event.</summary>
    public RandomBaseline(TrainingSongs training) => _events = training.Songs.SelectMany(s => s).ToArray();

    /// <inheritdoc />
    public List<BaselineNote> Generate(Random random, int noteCount)
    {
        var song = new List<BaselineNote>(noteCount);
        for (int i = 0; i < noteCount; i++)
        {
            BaselineNote Pick() => _events[random.Next(_events.Length)];
            int pitch = Pick().Pitch, velocity = Pick().Velocity;
            double delta = i == 0 ? 0 : Pick().DeltaSeconds, duration = Pick().DurationSeconds;
            song.Add(new BaselineNote(pitch, velocity, delta, duration));
        }
        return song;
    }
}
