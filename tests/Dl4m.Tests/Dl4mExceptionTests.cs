using Dl4m.Music;
using System.Text.RegularExpressions;
using Dl4m.Data;
using Dl4m.Generation;
using Dl4m.IO;
using Dl4m.Tests.Midi;
using Dl4m.Training;

namespace Dl4m.Tests;

/// <summary>
/// Library errors name parameters as the API spells them (<c>TrainingOptions.Stride</c>), never command-line flags: the
/// library has no command line, and the tool maps the names to its flags (Cli/ParameterFlagsTests checks that side).
/// </summary>
public sealed partial class Dl4mExceptionTests
{
    public static TheoryData<string, Action> RepresentativeErrors => new()
    {
        { "TrainingOptions.Stride", () => (TrainingOptions.For(ModelKind.Categorical) with { Stride = -1 }).Validate() },
        { "TrainingOptions.LearningRate", () => (TrainingOptions.For(ModelKind.Original) with { LearningRate = -1 }).Validate() },
        { "TrainingOptions.TimeLimitSeconds", () => TimeBudget.Parse("soon") },
        { "GenerationOptions.TopK", () => new GenerationOptions { TopK = -1 }.Validate() },
        { "GenerationOptions.Duration", () => DurationRule.Parse("forever") },
        { "DatasetBuildOptions.Split", () => SplitRatios.Parse("1/2") },
        { "GenerationRequest.Key", () => MusicalKey.Parse("Q major") },
    };

    [Theory]
    [MemberData(nameof(RepresentativeErrors))]
    public void An_error_about_a_setting_names_the_parameter_and_no_flag(string parameter, Action fail)
    {
        var error = Assert.ThrowsAny<Dl4mException>(fail);
        Assert.Equal(parameter, error.Parameter);
        Assert.Contains(parameter, error.Message);
        Assert.DoesNotContain("--", error.Message);
    }

    [Fact]
    public void An_existing_output_names_the_force_parameter()
    {
        using var tmp = new TempFolder();
        string file = tmp.Write("song.mid", [1, 2, 3]);
        var error = Assert.Throws<Dl4mException>(() => OutputFile.WriteAllBytes(file, [4], force: false));
        Assert.Equal(OutputFile.ForceParameter, error.Parameter);
        Assert.Equal($"'{file}' exists: use force to overwrite it", error.Message);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(file));
    }

    /// <summary>Fails when a string in src/Dl4m (outside comments) names a command-line flag such as "--stride".</summary>
    [Fact]
    public void No_string_in_the_library_names_a_command_line_flag()
    {
        var offenders = LibraryStrings().Where(s => Flag().IsMatch(s.Text)).Select(s => $"{s.Where}: {s.Text}").ToList();
        Assert.True(offenders.Count == 0, "library strings naming flags (name the API parameter instead, and map it in Dl4m.Cli/ParameterFlags):\n" + string.Join('\n', offenders));
    }

    /// <summary>Every string literal of src/Dl4m outside comments, with file:line.</summary>
    internal static IEnumerable<(string Where, string Text)> LibraryStrings()
    {
        string root = Path.Combine(Corpus.RepoRoot(), "src", "Dl4m");
        var files = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));
        int count = 0;
        foreach (string file in files)
        {
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].TrimStart();
                if (line.StartsWith("//", StringComparison.Ordinal)) continue;
                foreach (Match literal in StringLiteral().Matches(line))
                {
                    count++;
                    yield return ($"{Path.GetRelativePath(root, file)}:{i + 1}", literal.Value);
                }
            }
        }
        Assert.True(count > 500, $"only {count} string literals found below {root}");
    }

    [GeneratedRegex(@"(?<![\w-])--[a-z]")]
    private static partial Regex Flag();

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""")]
    private static partial Regex StringLiteral();
}
