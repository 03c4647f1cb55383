using System.Text.RegularExpressions;
using Dl4m.IO;

namespace Dl4m.Cli;

/// <summary>
/// The one table from the library's parameter names (what <see cref="Dl4mException"/> messages say, e.g.
/// <c>TrainingOptions.Stride</c>) to the tool's flags (<c>--stride</c>), so a user of the tool reads the flag they
/// typed while the library never mentions a command line.
/// </summary>
internal static class ParameterFlags
{
    /// <summary>Library parameter name → command-line flag.</summary>
    public static readonly IReadOnlyDictionary<string, string> Table = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [OutputFile.ForceParameter] = "--force",
    };

    // Whole names only (not inside a longer name or a flag), longest first so "X.LookbackBars" wins over "X.Lookback".
    private static readonly Regex Names = new(
        @"(?<![\w.\-])(" + string.Join('|', Table.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape)) + @")(?![\w\-])",
        RegexOptions.CultureInvariant);

    /// <summary>The message of <paramref name="error"/> as the tool prints it: a library error's parameter names replaced by their flags.</summary>
    public static string InMessage(Exception error) => error is Dl4mException ? Replace(error.Message) : error.Message;

    /// <summary><paramref name="message"/> with every parameter name of the table replaced by its flag.</summary>
    public static string Replace(string message) => Names.Replace(message, m => Table[m.Value]);
}
