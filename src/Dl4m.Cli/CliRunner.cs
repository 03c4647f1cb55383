using System.CommandLine;

namespace Dl4m.Cli;

/// <summary>
/// Runs the root command and turns every expected failure into one line and a non-zero exit. Everything a command prints
/// goes to the writers given here (the invocation's Output and Error), never to <see cref="Console"/>, so the tests run
/// the real command tree in-process and in parallel with their own writers.
/// </summary>
internal static class CliRunner
{
    /// <summary>Exit code for bad input: a broken file, a missing folder, a wrong option value.</summary>
    public const int InputError = 1;

    /// <summary>Exit code for an unexpected bug (a stack trace is printed).</summary>
    public const int InternalError = 70;

    public static int Run(RootCommand root, string[] args, TextWriter output, TextWriter error)
    {
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = error };
        try
        {
            var parse = root.Parse(args);
            // Help and version print even when the rest of the line has errors (e.g. `train --help` without its argument).
            if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction && !IsVersion(parse))
            {
                error.WriteLine($"dl4m: error: {ParseErrorText.Describe(parse)}");
                return InputError;
            }
            return parse.Invoke(config);
        }
        catch (Exception e) when (IsUserError(e))
        {
            error.WriteLine($"dl4m: error: {OneLine(ParameterFlags.InMessage(e))}");
            return InputError;
        }
        catch (Exception e)
        {
            error.WriteLine($"dl4m: internal error (please report): {e}");
            return InternalError;
        }
    }

    private static bool IsVersion(ParseResult parse) =>
        parse.CommandResult.Command is RootCommand && parse.Tokens.Any(t => t.Value == "--version");

    private static bool IsUserError(Exception e) =>
        e is Dl4mException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException;

    internal static string OneLine(string message) => ParseErrorText.WithoutTypeNames(message.ReplaceLineEndings(" ").Trim());
}
