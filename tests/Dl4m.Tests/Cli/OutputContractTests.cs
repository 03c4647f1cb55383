using System.CommandLine;
using System.Security.Cryptography;
using Dl4m.Cli;
using Dl4m.Nn;
using Dl4m.Tests.Data;
using Dl4m.Tests.Training;

namespace Dl4m.Tests.Cli;

/// <summary>
/// The README's promise, command by command: "nothing a user has is overwritten without --force". Every command that
/// writes a user file or folder runs twice on the same output: the second run exits 1 with one line naming the
/// output and leaves it byte for byte (and modification time) as the first run wrote it; with --force it succeeds.
/// </summary>
public sealed class OutputContractTests : IDisposable
{
    private readonly TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    /// <summary>Every command with an output option, by its path in the tree ("model export-onnx"), with the output option it writes.</summary>
    public static TheoryData<string> Commands => new(Cases.Keys);

    private static readonly Dictionary<string, Func<TempFolder, (string[] Args, string Output)>> Cases = new()
    {
        ["prepare"] = tmp => (["prepare", Corpus(tmp), "--out", tmp.Combine("data"), "--threads", "1"], tmp.Combine("data")),
        ["train"] = tmp => (["train", TinyDataset.Build(tmp), "--out", tmp.Combine("model"), "--model", "seed", "--lookback", "4", "--hidden", "6",
            "--dense", "5", "--batch", "8", "--epochs", "1", "--threads", "1"], tmp.Combine("model")),
        ["generate"] = tmp => (["generate", "--out", tmp.Combine("song.mid"), "--notes", "20", "--seed", "1", "--png"], tmp.Combine("song.mid")),
        ["plot"] = tmp => (["plot", Path.Combine(Corpus(tmp, 1), "a.mid"), "--out", tmp.Combine("roll.png")], tmp.Combine("roll.png")),
        ["evaluate"] = tmp => (["evaluate", Corpus(tmp), "--report", tmp.Combine("report.md"), "--threads", "1"], tmp.Combine("report.md")),
        ["baseline"] = tmp => (["baseline", TinyDataset.Build(tmp), "--out", tmp.Combine("baseline"), "--kind", "markov", "--count", "2", "--notes", "10"],
            tmp.Combine("baseline")),
        ["model export-onnx"] = tmp => (["model", "export-onnx", SeedModel(tmp), "--out", tmp.Combine("model.onnx")], tmp.Combine("model.onnx")),
        ["loss-plot"] = tmp => (["loss-plot", "--out", tmp.Combine("loss.png")], tmp.Combine("loss.png")),
        ["demo"] = tmp => (["demo", "--out", tmp.Combine("demo"), "--songs", "20", "--epochs", "1", "--threads", "1"], tmp.Combine("demo")),
        ["retime"] = tmp => (["retime", Corpus(tmp), "--out", tmp.Combine("retimed"), "--tempo", "constant:60-180", "--threads", "1"], tmp.Combine("retimed")),
        ["make-corpus"] = tmp => (["make-corpus", Corpus(tmp), "--out", tmp.Combine("big"), "--files", "3", "--threads", "1"], tmp.Combine("big")),
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_second_run_refuses_the_output_and_force_replaces_it(string command)
    {
        var (args, output) = Cases[command](_tmp);
        CommandRunner.AssertSuccess(CommandRunner.Run(args));
        var written = Snapshot(output);
        Assert.NotEmpty(written);

        string line = CommandRunner.AssertOneLineError(CommandRunner.Run(args), Path.GetFileName(output));
        Assert.Contains("--force", line);
        Assert.Equal(written, Snapshot(output));

        CommandRunner.AssertSuccess(CommandRunner.Run([.. args, "--force"]));
        Assert.True(File.Exists(output) || Directory.Exists(output));
    }

    [Fact]
    public void Every_command_that_writes_output_is_in_the_contract_test()
    {
        var writers = AllCommands(CliRoot.Create())
            .Where(c => c.Command.Options.Any(o => o.Name is "--out" or "--report"))
            .Select(c => c.Path)
            .ToList();
        Assert.NotEmpty(writers);
        Assert.Equal(writers.Order(), Cases.Keys.Order());
        // and each of them can be told to replace its output
        foreach (var (path, command) in AllCommands(CliRoot.Create()).Where(c => writers.Contains(c.Path)))
            Assert.True(command.Options.Any(o => o.Name == "--force"), $"dl4m {path} writes output but has no --force");
    }

    [Fact]
    public void The_common_options_have_one_type_and_spelling_everywhere()
    {
        var expected = new Dictionary<string, Type>
        {
            ["--out"] = typeof(Option<string>),
            ["--force"] = typeof(Option<bool>),
            ["--json"] = typeof(Option<bool>),
            ["--threads"] = typeof(Option<int>),
            ["--seed"] = typeof(Option<int>),
        };
        int seen = 0;
        foreach (var (path, command) in AllCommands(CliRoot.Create()))
        {
            foreach (var option in command.Options.Where(o => expected.ContainsKey(o.Name)))
            {
                seen++;
                Assert.True(option.GetType() == expected[option.Name], $"dl4m {path} {option.Name} is {option.GetType().Name}");
                if (option.Name == "--out") Assert.Contains("-o", option.Aliases);
            }
        }
        Assert.True(seen > 20, $"only {seen} common options found");
    }

    [Fact]
    public void Threads_below_one_is_the_same_one_line_error_in_every_command()
    {
        foreach (string[] args in new[]
                 {
                     new[] { "prepare", "in", "--out", "out", "--threads", "0" },
                     ["evaluate", "in", "--threads", "0"],
                     ["bench", "parse", "in", "--threads", "0"],
                     ["make-corpus", "in", "--out", "out", "--threads", "0"],
                 })
        {
            CommandRunner.AssertOneLineError(CommandRunner.Run(args), "--threads must be at least 1 (got 0)");
        }
    }

    /// <summary>Every command below <paramref name="root"/> with its path ("model export-onnx").</summary>
    private static IEnumerable<(string Path, Command Command)> AllCommands(Command root, string prefix = "")
    {
        foreach (var command in root.Subcommands)
        {
            string path = prefix.Length == 0 ? command.Name : $"{prefix} {command.Name}";
            yield return (path, command);
            foreach (var sub in AllCommands(command, path)) yield return sub;
        }
    }

    /// <summary>A folder of <paramref name="files"/> small real MIDI files (a.mid, b.mid, …); the same folder on every call.</summary>
    private static string Corpus(TempFolder tmp, int files = 3)
    {
        string folder = tmp.Combine("corpus");
        for (int i = 0; i < files; i++)
        {
            string name = $"{(char)('a' + i)}.mid";
            if (!File.Exists(Path.Combine(folder, name)))
                tmp.Write($"corpus/{name}", TinyMidi.Notes(0, 60 + i, 62 + i, 64 + i, 65 + i, 67 + i, 69 + i, 71 + i, 72 + i));
        }
        return folder;
    }

    private static string SeedModel(TempFolder tmp)
    {
        string folder = tmp.Combine("seed-model");
        if (!Directory.Exists(folder))
        {
            using var model = Model.Create(ModelConfig.Seed, seed: 5);
            ModelStore.Save(model, folder);
        }
        return folder;
    }

    /// <summary>Each file below <paramref name="path"/> (or the file itself): relative name, SHA-256 and last write time.</summary>
    private static List<string> Snapshot(string path)
    {
        var files = File.Exists(path) ? [path] : Directory.GetFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        return files.Select(f => $"{Path.GetRelativePath(path, f)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))} {File.GetLastWriteTimeUtc(f):O}").ToList();
    }
}
