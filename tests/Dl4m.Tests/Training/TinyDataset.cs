using Dl4m.Data;
using Dl4m.Tests.Data;

namespace Dl4m.Tests.Training;

/// <summary>Small prepared datasets for training tests: random-walk melodies in the fake file format, split 50/50/0.</summary>
internal static class TinyDataset
{
    /// <summary>
    /// Builds <paramref name="songs"/> songs of <paramref name="notes"/> notes each into tmp/name and returns the dataset folder;
    /// with <paramref name="labels"/> the songs go round-robin into those first-level folders (the dataset's labels).
    /// </summary>
    public static string Build(TempFolder tmp, int songs = 16, int notes = 30, string name = "data", int seed = 1, string[]? labels = null)
    {
        var random = new Random(seed);
        string input = tmp.Combine(name + "-in");
        for (int s = 0; s < songs; s++)
        {
            int note = 60 + random.Next(-5, 6);
            var events = new (int, int)[notes + s % 3];
            for (int i = 0; i < events.Length; i++)
            {
                note = Math.Clamp(note + random.Next(-4, 5), 40, 90);
                events[i] = (note, 60 + random.Next(0, 40));
            }
            string folder = labels is null ? "" : labels[s % labels.Length] + "/";
            tmp.Write($"{name}-in/{folder}song{s:D3}.mid", FakeMidiParser.Bytes("FAKE", events));
        }
        string output = tmp.Combine(name);
        new DatasetBuilder(new DatasetBuildOptions { Split = new SplitRatios(50, 50, 0), Threads = 1 }, FakeMidiParser.Parse).Build(input, output);
        return output;
    }
}
