using Dl4m.Categorical;
using System.CommandLine;
using System.Text.Json;
using Dl4m.Cli;
using Dl4m.Cli.Commands;
using Dl4m.Tests.Cli;

namespace Dl4m.Tests.Training;

/// <summary>`dl4m train --model categorical` and `dl4m model summary` on its folder, console captured (console collection).</summary>
public class CategoricalTrainCommandTests
{
    private static (int ExitCode, string Output, string Error) Invoke(params string[] args) =>
        CommandRunner.Run(args);

    private static void AssertOneLineError((int ExitCode, string Output, string Error) result, string expected) =>
        CommandRunner.AssertOneLineError(result, expected);

    private static readonly string[] Tiny =
        ["--model", "categorical", "--lookback", "8", "--stride", "2", "--hidden", "16", "--batch", "8", "--threads", "1", "--augment", "transpose:2", "--lr", "0.01"];

    [Fact]
    public void Lookback_bars_none_trains_without_the_lookback_inputs_and_a_list_is_recorded()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        Assert.Equal(0, Invoke(["train", data, "--out", tmp.Combine("none"), "--epochs", "1", "--lookback-bars", "none", .. Tiny]).ExitCode);
        var none = CategoricalEncodingJson.TryLoad(tmp.Combine("none"))!;
        Assert.Empty(none.LookbackBars);
        Assert.Equal(none.OutputSize + 96, none.InputSize);
        Assert.Equal(0, Invoke(["train", data, "--out", tmp.Combine("two"), "--epochs", "1", "--lookback-bars", "1, 4", .. Tiny]).ExitCode);
        var two = CategoricalEncodingJson.TryLoad(tmp.Combine("two"))!;
        Assert.Equal([1, 4], two.LookbackBars);
        // lookback version 3 (the default): per entry 16 match flags for the LSTM and 4 class indices at the row's end for the copy layer
        Assert.Equal(CategoricalEncoding.MatchedEventLookback, two.LookbackVersion);
        Assert.Equal(none.InputSize + 2 * (CategoricalEncoding.MatchValues + CategoricalEncoding.HeadCount), two.InputSize);
        var layers = Dl4m.Nn.ModelConfigJson.Load(tmp.Combine("two", "config.json")).Layers;
        Assert.Equal(two.NetworkInputSize, layers[0].InputColumns); // the LSTM does not read the suggestion indices
        Assert.True(layers[^1].CopyIndexed);
        Assert.Equal(Dl4m.Nn.LayerKind.Copy, layers[^1].Kind);
        Assert.Equal(two.OutputSize + 2 * CategoricalEncoding.HeadCount, layers[^2].Units); // logits + one gate per entry and head
        Assert.DoesNotContain(Dl4m.Nn.ModelConfigJson.Load(tmp.Combine("none", "config.json")).Layers, l => l.Kind == Dl4m.Nn.LayerKind.Copy);
    }

    [Fact]
    public void Json_output_has_the_nll_per_note_the_accuracy_the_encoding_and_both_baselines()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        string model = tmp.Combine("m");
        var (code, output, _) = Invoke(["train", data, "--out", model, "--epochs", "2", "--json", .. Tiny]);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("categorical", root.GetProperty("model_kind").GetString());
        Assert.Equal("categorical", root.GetProperty("loss").GetString());
        Assert.Equal(2, root.GetProperty("stride").GetInt32());
        Assert.Equal("reset", root.GetProperty("state").GetString()); // overlapping windows cannot carry a state
        Assert.Equal("transpose:2", root.GetProperty("augment").GetString());
        Assert.Equal(0.1, root.GetProperty("smoothing").GetDouble());
        var encoding = root.GetProperty("encoding");
        Assert.Equal("pitch", encoding.GetProperty("notes").GetString());
        Assert.Equal(128, encoding.GetProperty("note_classes").GetInt32());
        Assert.Equal(encoding.GetProperty("output_size").GetInt32() + 96 + 4 * (16 + 4), encoding.GetProperty("input_size").GetInt32()); // no labels: the output layout plus the bar position, and per entry (1, 2, 4, 8 bars) 16 match flags and 4 suggested classes
        Assert.Equal(["uniform", "unigram"], root.GetProperty("baselines").EnumerateArray().Select(b => b.GetProperty("name").GetString()));
        Assert.Equal(Math.Log(128), root.GetProperty("baselines")[0].GetProperty("loss").GetProperty("note_nll").GetDouble(), 5);
        double nll = root.GetProperty("val_nll_per_note").GetDouble();
        Assert.Equal(nll, root.GetProperty("best").GetProperty("validation").GetProperty("note_nll").GetDouble());
        Assert.True(nll > 0 && nll < Math.Log(128));
        Assert.InRange(root.GetProperty("val_note_accuracy").GetDouble(), 0, 1);
        Assert.True(root.GetProperty("best").GetProperty("validation").TryGetProperty("duration", out _));

        var summary = Invoke("model", "summary", model);
        Assert.Equal(0, summary.ExitCode);
        Assert.Contains("Categorical encoding (encoding.json):", summary.Output);
        Assert.Contains("note head: pitch, 128 classes", summary.Output);
        Assert.Contains("labels: none", summary.Output);
        Assert.Contains("normalize-key: no", summary.Output);
        Assert.Contains("lookback bars: 1,2,4,8", summary.Output);
        Assert.Contains("smoothing: 0.1 (τ 0.05)", summary.Output);
        var summaryJson = JsonDocument.Parse(Invoke("model", "summary", model, "--json").Output).RootElement.GetProperty("encoding");
        Assert.Equal(4, summaryJson.GetProperty("heads").GetArrayLength());
        Assert.Equal(0.1, summaryJson.GetProperty("smoothing").GetDouble());
    }

    [Fact]
    public void Resume_keeps_the_categorical_options_and_a_damaged_encoding_is_one_line_naming_the_file()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        string model = tmp.Combine("m");
        Assert.Equal(0, Invoke(["train", data, "--out", model, "--epochs", "1", "--json", .. Tiny]).ExitCode);
        var (code, output, _) = Invoke("train", data, "--out", model, "--epochs", "2", "--resume", "--json");
        Assert.Equal(0, code);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(2, root.GetProperty("epochs").GetInt32());
        Assert.Equal("categorical", root.GetProperty("model_kind").GetString());
        AssertOneLineError(Invoke("train", data, "--out", model, "--resume", "--smoothing", "0"), "--smoothing cannot change on --resume");

        File.WriteAllText(Path.Combine(model, "encoding.json"), "{ not json");
        AssertOneLineError(Invoke("train", data, "--out", model, "--epochs", "3", "--resume"), Path.Combine(model, "encoding.json"));
        AssertOneLineError(Invoke("model", "summary", model), "encoding.json");
    }

    [Theory]
    [InlineData("", "carry")]
    [InlineData("--state reset", "reset")]
    [InlineData("--stride 4", "reset")]
    public void The_state_is_carried_through_songs_unless_windows_overlap_or_reset_is_asked(string options, string expected)
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        string[] extra = options.Length == 0 ? [] : options.Split(' ');
        var (code, output, _) = Invoke(["train", data, "--out", tmp.Combine("m"), "--model", "categorical", "--lookback", "8", "--hidden", "8",
            "--batch", "8", "--threads", "1", "--epochs", "1", "--json", .. extra]);
        Assert.Equal(0, code);
        Assert.Equal(expected, JsonDocument.Parse(output).RootElement.GetProperty("state").GetString());
        Assert.Equal(expected, JsonDocument.Parse(File.ReadAllText(Path.Combine(tmp.Combine("m"), "train.json"))).RootElement
            .GetProperty("options").GetProperty("family").GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("--model original --notes interval", "--notes applies to --model categorical or transformer only")]
    [InlineData("--model original --smoothing 0.2", "--smoothing applies to --model categorical or transformer only")]
    [InlineData("--model categorical --loss mse", "--loss applies to --model original only")]
    [InlineData("--model categorical --augment transpose:x", "--augment 'transpose:x'")]
    [InlineData("--model categorical --augment transpose:13", "--augment")]
    [InlineData("--model categorical --smoothing 1", "--smoothing must be")]
    [InlineData("--model categorical --stride 0", "--stride must be at least 1")]
    [InlineData("--model original --normalize-key", "--normalize-key applies to --model categorical or transformer only")]
    [InlineData("--model original --state carry", "--state applies to --model categorical only")]
    [InlineData("--model transformer --state reset", "--state applies to --model categorical only")]
    [InlineData("--model transformer --hidden 8", "--hidden applies to --model original or categorical only")]
    [InlineData("--model transformer --mode many-to-many", "--mode applies to --model original or categorical only")]
    [InlineData("--model transformer --layers 2", "--layers applies to --model original or categorical only")]
    [InlineData("--model categorical --lookback 8 --stride 4 --state carry", "--state carry needs windows that follow each other: --stride equal to --lookback (8, got 4)")]
    [InlineData("--model categorical --state keep", "'keep'")]
    [InlineData("--model original --lookback-bars 1,2", "--lookback-bars applies to --model categorical or transformer only")]
    [InlineData("--model categorical --lookback-bars 2,1", "--lookback-bars '2,1': must be distinct and ascending")]
    [InlineData("--model categorical --lookback-bars 0", "--lookback-bars '0': each must be 1–64 bars")]
    [InlineData("--model categorical --lookback-bars one", "--lookback-bars 'one': expected none or whole numbers")]
    public void Options_for_the_other_model_or_out_of_range_are_clear_errors(string options, string expected)
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        AssertOneLineError(Invoke(["train", data, "--out", tmp.Combine("m"), .. options.Split(' ')]), expected);
        Assert.False(Directory.Exists(tmp.Combine("m")));
    }
}
