using Dl4m.Tests.Cli;

namespace Dl4m.Tests.Nn;

/// <summary>`dl4m model summary` through the real command tree (<see cref="CommandRunner"/>).</summary>
public class ModelSummaryCommandTests
{
    private static (int Code, string Output) Run(params string[] args)
    {
        var (code, output, _) = CommandRunner.Run(args);
        return (code, output);
    }

    [Fact]
    public void DefaultModelReadsAsTheOriginal()
    {
        var (code, output) = Run("model", "summary");
        Assert.Equal(0, code);
        Assert.Matches(@"lstm_1 \(LSTM\) +\(None, 48\) +9,984", output);
        Assert.Matches(@"dense_1 \(Dense\) +\(None, 24\) +1,176", output);
        Assert.Matches(@"dense_2 \(Dense\) +\(None, 3\) +75", output);
        Assert.Contains("Total params: 11,235", output);
    }

    [Fact]
    public void JsonAndConfigFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"dl4m-summary-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\"input_size\": 3, \"layers\": [{\"kind\": \"lstm\", \"units\": 8, \"return_sequences\": true}, {\"kind\": \"dense\", \"units\": 2}]}");
        try
        {
            var (code, output) = Run("model", "summary", "--config", path, "--json");
            Assert.Equal(0, code);
            Assert.Contains("\"output_shape\":[null,null,8],\"params\":384", output);
            Assert.Contains("\"total_params\":402", output);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
