using System.Text.RegularExpressions;
using Dl4m.Tests.Midi;

namespace Dl4m.Tests.Cli;

/// <summary>
/// Commands print only through the invocation's Output and Error writers, so <see cref="CommandRunner"/> captures all
/// of it and tests run in parallel: nothing in src/Dl4m.Cli writes to <see cref="Console"/> except Program.cs, which
/// hands the process's streams to CliRunner.
/// </summary>
public sealed partial class CliOutputTests
{
    [Fact]
    public void Only_Program_touches_the_process_console_streams()
    {
        string root = Path.Combine(Corpus.RepoRoot(), "src", "Dl4m.Cli");
        var offenders = new List<string>();
        foreach (string file in Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")))
        {
            if (Path.GetFileName(file) == "Program.cs") continue;
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
                if (ConsoleWrite().IsMatch(lines[i]) && !lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal))
                    offenders.Add($"{Path.GetRelativePath(root, file)}:{i + 1}: {lines[i].Trim()}");
        }
        Assert.True(offenders.Count == 0, "write to the invocation's Output/Error instead:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void Output_and_errors_of_a_run_are_its_own()
    {
        var ok = CommandRunner.Run("version", "--json");
        Assert.Equal(0, ok.ExitCode);
        Assert.StartsWith("{\"version\":", ok.Output);
        Assert.Equal("", ok.Error);
        var bad = CommandRunner.Run("version", "--frobnicate");
        Assert.Equal("", bad.Output);
        CommandRunner.AssertOneLineError(bad, "'--frobnicate'");
    }

    // Console.Write/WriteLine, Console.Out/Error (reading IsOutputRedirected or ReferenceEquals checks are allowed).
    [GeneratedRegex(@"\bConsole\s*\.\s*(Write|WriteLine|Out\s*\.\s*Write|Error\s*\.\s*Write|SetOut|SetError|OpenStandard)")]
    private static partial Regex ConsoleWrite();
}
