namespace Dl4m.Tests.Midi;

/// <summary>A fact that needs the Nottingham corpus: skipped, saying why, on a machine without it (xunit 2 has no runtime skip).</summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (Corpus.Nottingham() is null) Skip = Corpus.Missing;
    }
}
