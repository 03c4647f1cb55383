using Dl4m.Data;
using Dl4m.Tests.Data;

namespace Dl4m.Tests.Training;

/// <summary>
/// A dataset whose validation loss rises as training goes on: split by file name (so each song's split is known
/// before it is written), the training songs walk over pitches 50–56 at velocity 100, the validation songs over
/// 100–106 at velocity 20. The more the model learns the training songs, the less it expects the validation ones.
/// </summary>
internal static class RisingValidationDataset
{
    public static string Build(TempFolder tmp, int songs = 16, int notes = 30, string name = "rising")
    {
        var ratios = new SplitRatios(50, 50, 0);
        var random = new Random(7);
        string input = tmp.Combine(name + "-in");
        for (int s = 0; s < songs; s++)
        {
            string file = $"song{s:D3}";
            bool validation = ratios.AssignByName(file + ".mid") == DatasetSplit.Validation;
            int low = validation ? 100 : 50, velocity = validation ? 20 : 100;
            var events = new (int, int)[notes];
            for (int i = 0; i < notes; i++) events[i] = (low + random.Next(0, 7), velocity);
            tmp.Write($"{name}-in/{file}.mid", FakeMidiParser.Bytes("FAKE", events));
        }
        string output = tmp.Combine(name);
        new DatasetBuilder(new DatasetBuildOptions { Split = ratios, GroupBy = SplitGrouping.Name, Threads = 1 }, FakeMidiParser.Parse).Build(input, output);
        return output;
    }
}
