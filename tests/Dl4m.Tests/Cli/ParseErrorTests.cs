using System.CommandLine;
using Dl4m.Cli.Commands;

namespace Dl4m.Tests.Cli;

/// <summary>
/// Command-line mistakes (a value of the wrong kind, a number too large, an unknown option or command, a repeated
/// option, a missing argument) give one line "dl4m: error: …" and exit code 1, like every other error, instead of the
/// parser's several lines followed by the whole help.
/// </summary>
public sealed class ParseErrorTests
{
    private static readonly Command[] Commands = [PrepareCommand.Create(), TrainCommand.Create(), GenerateCommand.Create(), ModelCommand.Create()];

    [Theory]
    [InlineData("train data --out model --epochs abc", "'abc' for option '--epochs': expected a whole number")]
    [InlineData("train data --out model --epochs 99999999999", "expected a whole number from")]
    [InlineData("generate model --out song.mid --notes abc", "'--notes': expected a whole number")]
    [InlineData("train data --out model --frobnicate", "'--frobnicate'")]
    [InlineData("prepare corpus --out a --out b", "'--out' expects a single argument")]
    [InlineData("train data", "'--out' is required")]
    [InlineData("bogus", "unknown command 'bogus'")]
    [InlineData("", "no command given")]
    [InlineData("model", "no command given (dl4m model --help lists the commands)")]
    public void Parse_errors_are_one_line(string line, string expected)
    {
        var result = CommandRunner.Run(line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        CommandRunner.AssertOneLineError(result, expected);
        Assert.DoesNotContain("Description:", result.Output + result.Error); // no help dump
        Assert.DoesNotContain("System.", result.Error);                      // no .NET type names
    }

    [Theory]
    [InlineData("train.json: The JSON value could not be converted to System.Int32. Path: $.options.lookback", "converted to a whole number from")]
    [InlineData("encoding.json: could not be converted to System.Nullable`1[System.Double]", "converted to a number")]
    [InlineData("x: System.Collections.Generic.List`1[System.String] expected", "x: another kind of value expected")]
    public void Error_lines_name_values_not_dotnet_types(string message, string expected)
    {
        string line = Dl4m.Cli.CliRunner.OneLine(message);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("System.", line);
    }

    [Fact]
    public void Help_still_prints_even_without_the_required_options()
    {
        var (code, output, error) = CommandRunner.Run("train", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--epochs", output);
        Assert.Equal("", error);
    }
}
