namespace Dl4m.Evaluation.Baselines;

/// <summary>A baseline model: writes songs of a given length from what it learned of the train split.</summary>
public interface IBaseline
{
    /// <summary>A new song of <paramref name="noteCount"/> notes (fewer only when the baseline cannot make more), drawn with <paramref name="random"/>.</summary>
    List<BaselineNote> Generate(Random random, int noteCount);
}
