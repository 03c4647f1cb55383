using System.Reflection;
using System.Text.RegularExpressions;
using Dl4m.Cli;

namespace Dl4m.Tests.Cli;

/// <summary>The tool's side of "library errors name parameters": one table maps them to flags, and users read the flag.</summary>
public sealed partial class ParameterFlagsTests
{
    [Theory]
    [InlineData(new[] { "generate", "--out", "{tmp}/song.mid", "--top-k", "-1" }, "dl4m: error: --top-k -1: must be 0 (off) or positive")]
    [InlineData(new[] { "generate", "--out", "{tmp}/song.mid", "--duration", "forever" }, "dl4m: error: --duration 'forever': expected legato")]
    [InlineData(new[] { "generate", "--out", "{tmp}/song.mid", "--key", "Q major" }, "dl4m: error: --key: 'Q major' is not a key")]
    [InlineData(new[] { "generate", "--out", "{tmp}/song.mid", "--weights", "bf16" }, "dl4m: error: --weights bf16: only transformer models")]
    [InlineData(new[] { "prepare", "{tmp}", "--out", "{tmp}/data", "--split", "1/2" }, "dl4m: error: --split '1/2' is not train/validation/test")]
    [InlineData(new[] { "retime", "{tmp}", "--out", "{tmp}/out", "--tempo", "presto" }, "dl4m: error: --tempo 'presto': expected keep")]
    public void A_library_error_reads_with_the_flag_the_user_typed(string[] args, string expected)
    {
        using var tmp = new TempFolder();
        var result = CommandRunner.Run(args.Select(a => a.Replace("{tmp}", tmp.Path)).ToArray());
        string line = CommandRunner.AssertOneLineError(result, expected);
        Assert.StartsWith(expected, line);
        Assert.DoesNotMatch(ApiName(), line);
    }

    [Fact]
    public void Training_option_errors_name_their_flag()
    {
        using var tmp = new TempFolder();
        string data = Training.TinyDataset.Build(tmp);
        var result = CommandRunner.Run("train", data, "--out", tmp.Combine("m"), "--model", "seed", "--warmup-epochs", "-1");
        CommandRunner.AssertOneLineError(result, "dl4m: error: --warmup-epochs must be 0 or positive (got -1)");
    }

    [Fact]
    public void Only_whole_names_are_replaced()
    {
        Assert.Equal("--lookback-bars: each must be 1–64 bars; --lookback 4", ParameterFlags.Replace("CategoricalTokenOptions.LookbackBars: each must be 1–64 bars; TrainingOptions.Lookback 4"));
        Assert.Equal("'a.png' exists: use --force to overwrite it (brute-force, forced)", ParameterFlags.Replace("'a.png' exists: use force to overwrite it (brute-force, forced)"));
        Assert.Equal("'/tmp/force/force.png' exists: use --force to overwrite it", ParameterFlags.Replace("'/tmp/force/force.png' exists: use force to overwrite it"));
        Assert.Equal("'force' exists; lower --max-songs.", ParameterFlags.Replace("'force' exists; lower TrainingOptions.MaxSongs."));
    }

    /// <summary>A key "Type.Member" names a public member of that library type, so a renamed option fails here instead of leaking to users.</summary>
    [Fact]
    public void Every_name_in_the_table_is_a_member_of_the_library()
    {
        var types = typeof(Dl4mException).Assembly.GetExportedTypes().ToLookup(t => t.Name);
        foreach (string name in ParameterFlags.Table.Keys.Where(k => k.Contains('.')))
        {
            string[] parts = name.Split('.');
            var type = Assert.Single(types[parts[0]]);
            Assert.True(type.GetMember(parts[1], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Length > 0, $"{name}: no such member");
        }
        Assert.All(ParameterFlags.Table.Values, flag => Assert.Matches("^--[a-z][a-z-]*$", flag));
    }

    /// <summary>Every API name a library message uses is in the table, so the tool never prints one.</summary>
    [Fact]
    public void Every_parameter_a_library_message_names_has_a_flag()
    {
        // Settings the command line cannot set: their errors come only from code that builds options itself.
        string[] notOnTheCommandLine = ["TrainingOptions.ValidationBatch"];
        var missing = Dl4mExceptionTests.LibraryStrings()
            .SelectMany(s => ApiName().Matches(Holes().Replace(s.Text, "")).Select(m => (s.Where, Name: m.Value)))
            .Where(x => !ParameterFlags.Table.ContainsKey(x.Name) && !notOnTheCommandLine.Contains(x.Name))
            .Select(x => $"{x.Where}: {x.Name}")
            .ToList();
        Assert.True(missing.Count == 0, "library messages name parameters the tool cannot map:\n" + string.Join('\n', missing));
    }

    [GeneratedRegex(@"\b(TrainingOptions|GenerationOptions|GenerationRequest|DatasetBuildOptions|BaselineOptions|DemoOptions|RetimeOptions|OutputPolicy)\.[A-Z]\w*")]
    private static partial Regex ApiName();

    /// <summary>Interpolation holes ({TrainingOptions.MaxTranspose}) are code, not text.</summary>
    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Holes();
}
