using Dl4m.Midi;

namespace Dl4m.Tests.Midi;

internal static class MidiAssert
{
    /// <summary>Same header fields and the same events (payload bytes included) in every track.</summary>
    public static void Equal(MidiFile expected, MidiFile actual)
    {
        Assert.Equal(expected.Format, actual.Format);
        Assert.Equal(expected.Division, actual.Division);
        Assert.Equal(expected.Tracks.Count, actual.Tracks.Count);
        for (int t = 0; t < expected.Tracks.Count; t++)
            Assert.Equal(expected.Tracks[t].Events, actual.Tracks[t].Events);
    }
}
