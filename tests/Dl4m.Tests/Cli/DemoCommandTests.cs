using System.Text.Json;
using Dl4m.Cli.Commands;
using Dl4m.Generation;
using Xunit;

namespace Dl4m.Tests.Cli;

public sealed class DemoCommandTests
{
    [Fact]
    public void DemoIsCategoricalByDefaultAndOriginalOnRequest()
    {
        using var folder = new TempFolder();
        foreach (var (args, kind) in new[] { (Array.Empty<string>(), "categorical"), (new[] { "--model", "original", "--loss", "note" }, "original") })
        {
            string output = folder.Combine(kind);
            var (code, stdout, _) = CommandRunner.Run(["demo", "--out", output, "--songs", "20", "--epochs", "1", "--threads", "1", "--json", .. args]);
            Assert.Equal(0, code);
            using var json = JsonDocument.Parse(stdout);
            var root = json.RootElement;
            Assert.Equal(kind, root.GetProperty("model_kind").GetString());
            Assert.Equal(kind == "categorical" ? Dl4m.Training.ModelKind.Categorical : Dl4m.Training.ModelKind.Original, SongWriter.FamilyOf(root.GetProperty("model").GetString()!));
            Assert.Equal(kind == "categorical", root.TryGetProperty("validation_note_nll", out var nll) && nll.GetDouble() > 0);
            Assert.True(new FileInfo(root.GetProperty("song").GetString()!).Length > 0);
        }
    }

    [Fact]
    public void LossIsRefusedForTheCategoricalModel()
    {
        using var folder = new TempFolder();
        string output = folder.Combine("demo");
        CommandRunner.AssertOneLineError(CommandRunner.Run("demo", "--out", output, "--loss", "note"), "--model original");
        Assert.False(Directory.Exists(output));
    }
}
