using Dl4m.Cli.Commands;

namespace Dl4m.Tests.Cli;

public class TorchPeerTests
{
    [Fact]
    public void MissingPeerScriptIsReportedNotThrown()
    {
        var result = TorchPeer.Run("/nonexistent/torch_lstm_bench.py", "--threads", "1");
        Assert.False(result.Ran);
        Assert.Equal("--peer-script /nonexistent/torch_lstm_bench.py: no such file", result.Error);
    }
}
