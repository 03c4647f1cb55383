using System.Text.Json;
using Dl4m.Tests.Cli;
using Dl4m.Tests.Midi;
using Xunit;

namespace Dl4m.Tests.Families.Transformer;

/// <summary>
/// The user's commands with --model transformer on 60 Nottingham tunes: prepare, train (a few steps), model summary,
/// generate (the key/value cache), evaluate the songs, and resume refusing a changed network option.
/// </summary>
public sealed class TransformerEndToEndTests
{
    [CorpusFact]
    public void Train_summary_generate_and_evaluate_work_end_to_end()
    {
        string corpus = Corpus.Nottingham()!;
        using var folder = new TempFolder();
        string source = folder.Combine("midi");
        Directory.CreateDirectory(source);
        foreach (string file in Directory.EnumerateFiles(corpus, "*.mid", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(60))
            File.Copy(file, Path.Combine(source, Path.GetFileName(file)), overwrite: true);
        string data = folder.Combine("data"), model = folder.Combine("model"), songs = folder.Combine("songs");
        CommandRunner.AssertSuccess(CommandRunner.Run("prepare", source, "--out", data, "--json"));

        string trained = CommandRunner.AssertSuccess(CommandRunner.Run("train", data, "--out", model, "--model", "transformer", "--lookback", "32",
            "--width", "32", "--heads", "2", "--blocks", "2", "--ff", "64", "--epochs", "2", "--batch", "8", "--threads", "2", "--json"));
        using (var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "train.json"))))
        {
            Assert.Equal("transformer", record.RootElement.GetProperty("options").GetProperty("model").GetString());
            Assert.StartsWith("Transformer(D 32, 2 heads, 2 blocks, FF 64, context 32", record.RootElement.GetProperty("model").GetString());
            Assert.True(double.IsFinite(record.RootElement.GetProperty("outcome").GetProperty("best_validation_loss").GetDouble()), trained);
        }
        Assert.True(File.Exists(Path.Combine(model, "encoding.json")));

        string summary = CommandRunner.AssertSuccess(CommandRunner.Run("model", "summary", model, "--json"));
        using (var parsed = JsonDocument.Parse(summary))
        {
            var layers = parsed.RootElement.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("name").GetString()).ToList();
            Assert.Equal(["embedding", "block_1", "block_2", "final_norm", "output"], layers);
            Assert.NotEqual(JsonValueKind.Null, parsed.RootElement.GetProperty("encoding").ValueKind);
        }

        // Longer than the context: the cache slides (see TransformerCache).
        string generated = CommandRunner.AssertSuccess(CommandRunner.Run("generate", model, "--out", Path.Combine(songs, "song.mid"), "--count", "2",
            "--notes", "80", "--seed", "1", "--json"));
        Assert.Contains("\"model\":\"transformer\"", generated);
        Assert.Equal(2, Directory.GetFiles(songs, "*.mid").Length);
        // bf16 cached-step weights, asked for: the same song writer, another folder (the evaluation below reads songs/)
        CommandRunner.AssertSuccess(CommandRunner.Run("generate", model, "--out", Path.Combine(songs + "-bf16", "song.mid"), "--notes", "80",
            "--seed", "1", "--weights", "bf16"));
        Assert.Single(Directory.GetFiles(songs + "-bf16", "*.mid"));
        string evaluated = CommandRunner.AssertSuccess(CommandRunner.Run("evaluate", songs, "--reference", data, "--reference-split", "test", "--json"));
        Assert.Contains("pitch_range", evaluated);

        string exported = CommandRunner.AssertSuccess(CommandRunner.Run("model", "export-onnx", model, "--json"));
        Assert.Contains("\"shape\":[null,32,", exported.Replace(" ", ""));
        Assert.True(File.Exists(Path.Combine(model, "model.onnx")));

        CommandRunner.AssertOneLineError(CommandRunner.Run("train", data, "--out", model, "--resume", "--width", "64"), "--width cannot change on --resume");
        CommandRunner.AssertOneLineError(CommandRunner.Run("train", data, "--out", folder.Combine("other"), "--model", "categorical", "--heads", "2"),
            "--heads applies to --model transformer only");
        CommandRunner.AssertOneLineError(CommandRunner.Run("train", data, "--out", folder.Combine("other"), "--model", "transformer", "--width", "30", "--heads", "4"),
            "--width (30) must be a multiple of --heads (4)");
    }
}
