namespace Dl4m.Categorical;

/// <summary>
/// Walks a song's events backwards from the event before the current one (used by <see cref="LookbackFeatures"/>, so
/// that training's song arrays, generation's history and each beam's back-pointers share one rule).
/// </summary>
public interface IOlderEvents
{
    /// <summary>The next older event, or false when the song has none before it.</summary>
    bool TryPrevious(out CategoricalEvent older);
}
