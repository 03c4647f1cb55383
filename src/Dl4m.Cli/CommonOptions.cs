using System.CommandLine;

namespace Dl4m.Cli;

/// <summary>
/// The options every command shares, each spelled, typed and checked once: --out/-o (text), --force (a switch), --json
/// (a switch), --threads (a whole number ≥ 1), --seed (a whole number). A command chooses only the description and,
/// where it has one, the default; so `--threads 0` or a missing `--out` read the same in every command.
/// </summary>
internal static class CommonOptions
{
    /// <summary>--out/-o: where the command writes. Required unless <paramref name="defaultValue"/> is given or <paramref name="optional"/>.</summary>
    public static Option<string> Out(string description, string? defaultValue = null, bool optional = false)
    {
        var option = new Option<string>("--out", "-o") { Description = description, Required = defaultValue is null && !optional };
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    /// <summary>--force: replace an existing output (without it, an existing output is refused with one line naming it).</summary>
    public static Option<bool> Force(string description) => new("--force") { Description = description };

    /// <summary>--json: print one JSON object on standard output instead of the human summary.</summary>
    public static Option<bool> Json() => new("--json") { Description = "Print one JSON object instead of the human summary." };

    /// <summary>--threads: worker threads, at least 1 (default: all cores).</summary>
    public static Option<int> Threads(string description = "Worker threads (default: all cores).", int? defaultValue = null)
    {
        var option = new Option<int>("--threads")
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue ?? Environment.ProcessorCount,
        };
        option.Validators.Add(result =>
        {
            int threads = result.GetValueOrDefault<int>();
            if (threads < 1) result.AddError($"--threads must be at least 1 (got {threads})");
        });
        return option;
    }

    /// <summary>--seed: seed of the command's random choices; without <paramref name="defaultValue"/> the command can tell "not given" (<see cref="IsGiven"/>).</summary>
    public static Option<int> Seed(string description, int? defaultValue = null)
    {
        var option = new Option<int>("--seed") { Description = description };
        if (defaultValue is { } value) option.DefaultValueFactory = _ => value;
        return option;
    }

    /// <summary>True when <paramref name="option"/> was typed on the command line (not filled in by its default).</summary>
    public static bool IsGiven(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };
}
