using Dl4m.Cli.Progress;

namespace Dl4m.Tests.Cli.Progress;

/// <summary>The live bar draws only on the process's own stderr when it is a terminal; elsewhere the work simply runs.</summary>
public sealed class LiveProgressTests
{
    [Fact]
    public void No_bar_on_a_writer_that_is_not_the_terminal()
    {
        var error = new StringWriter();
        Assert.False(LiveProgress.CanShow(json: false, error));
        Assert.False(LiveProgress.CanShow(json: true, Console.Error));
        int result = LiveProgress.Run(LiveProgress.CanShow(json: false, error), error, "work", () => new LiveProgress.Snapshot(1, 1, "done"), () => 42);
        Assert.Equal(42, result);
        Assert.Equal("", error.ToString());
    }
}
