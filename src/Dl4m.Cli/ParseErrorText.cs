using System.CommandLine;
using System.Text.RegularExpressions;

namespace Dl4m.Cli;

/// <summary>
/// Turns System.CommandLine's parse errors (a wrong value, an unknown option, a missing argument) into the tool's
/// one-line error: the first error in plain words, .NET type names replaced by what a user would type, and where the
/// options are listed. Without this the parser printed several lines and the whole help, with exit code 1 but no
/// "dl4m: error:" prefix.
/// </summary>
internal static partial class ParseErrorText
{
    /// <summary>The one-line text (without the "dl4m: error: " prefix) for a parse result that has errors.</summary>
    public static string Describe(ParseResult parse)
    {
        // A misspelt command also reports "Required command was not provided"; the unknown word is the useful part.
        var error = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors.FirstOrDefault();
        string message = (error?.Message ?? "the command line could not be read").ReplaceLineEndings(" ").Trim();
        if (message == "Required command was not provided.") message = "no command given";
        if (parse.CommandResult.Command is RootCommand && message.StartsWith("Unrecognized command or argument", StringComparison.Ordinal))
            message = "unknown command" + message["Unrecognized command or argument".Length..];
        message = ExpectedType().Replace(message, m => $": expected {Friendly(m.Groups[1].Value)}");
        string path = CommandPath(parse.CommandResult.Command);
        return $"{message.TrimEnd('.')} ({path} --help lists {(parse.CommandResult.Command.Subcommands.Count > 0 && parse.CommandResult.Command.Options.Count <= 2 ? "the commands" : "the options")})";
    }

    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (var c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
            names.Add(c is RootCommand ? "dl4m" : c.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>
    /// <paramref name="message"/> with .NET type names (as System.Text.Json and the parser put them into messages, e.g.
    /// "could not be converted to System.Int32") replaced by what a user would call the value.
    /// </summary>
    public static string WithoutTypeNames(string message) => TypeName().Replace(message, m => Friendly(m.Value));

    private static string Friendly(string typeName) => typeName switch
    {
        "System.Int32" => "a whole number from −2,147,483,648 to 2,147,483,647",
        "System.Int64" or "System.Int16" or "System.Byte" => "a whole number",
        "System.UInt32" or "System.UInt64" => "a whole number ≥ 0",
        "System.Double" or "System.Single" or "System.Decimal" => "a number",
        "System.Boolean" => "true or false",
        "System.TimeSpan" => "a duration",
        "System.String" => "text",
        "System.Single[]" or "System.Double[]" or "System.Int32[]" => "a list of numbers",
        _ when typeName.StartsWith("System.Nullable`1[", StringComparison.Ordinal) => Friendly(typeName[18..^1]),
        _ => "another kind of value",
    };

    [GeneratedRegex(@"\bSystem(\.[A-Za-z_][A-Za-z0-9_`]*)+(\[[^\]]*\])?(\[\])?")]
    private static partial Regex TypeName();

    [GeneratedRegex(@" as expected type '([^']+)'\.?")]
    private static partial Regex ExpectedType();
}
