using System.Text.Json;
using System.Text.Json.Nodes;
using Dl4m.Categorical;
using Dl4m.Families;
using Dl4m.Families.Categorical;
using Dl4m.Families.Original;
using Dl4m.Families.Transformer;
using Dl4m.Generation;
using Dl4m.Tests.Cli;
using Dl4m.Tests.Training;
using Dl4m.Training;

namespace Dl4m.Tests.Families;

/// <summary>
/// train.json's options: the common options flat, the family's record as <c>options.family</c>; and the records written
/// before the family records (every option flat in <c>options</c>: the committed samples were written by <c>dl4m demo</c>
/// of the build before this change, and the built-in model's) read into the same values, so their folders resume,
/// generate and describe.
/// </summary>
public class FamilyOptionsJsonTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "TrainRecords", name);

    public static TheoryData<string, string> FlatSamples() => new()
    {
        { "flat-categorical-demo.train.json", "categorical" },
        { "flat-original-demo.train.json", "original" },
    };

    [Theory]
    [MemberData(nameof(FlatSamples))]
    public void A_flat_record_reads_every_option_into_the_common_part_or_the_family_record(string file, string family)
    {
        var options = TrainingJson.Read<TrainRecord>(Fixture(file), "training record").Options;
        var flat = JsonNode.Parse(File.ReadAllText(Fixture(file)))!["options"]!.AsObject();
        AssertReadAsWritten(options, flat, family);
    }

    [Fact]
    public void The_built_in_model_record_reads_as_a_categorical_record_with_its_values()
    {
        using var tmp = new TempFolder();
        string folder = BuiltInModel.Folder(tmp.Path);
        var options = Trainer.ReadRecord(folder).Options;
        // Trained before lookback bars existed: the missing field reads as none, as before.
        AssertReadAsWritten(options, JsonNode.Parse(File.ReadAllText(Path.Combine(folder, Trainer.RecordFileName)))!["options"]!.AsObject(), "categorical", "lookback_bars");
        var own = options.FamilyAs<CategoricalOptions>();
        Assert.Empty(own.LookbackBars);
        Assert.Equal([128], own.Hidden);
        Assert.Equal((StateMode.Carry, 0.0), (own.State, own.Smoothing));
        Assert.Equal(32, options.Lookback);
    }

    /// <summary>The LSTM fields (and the carried state) a transformer record held while its record derived the categorical one.</summary>
    private static readonly string[] FormerTransformerFields = ["hidden", "lstm_layers", "dense", "mode", "state"];

    /// <summary>
    /// A transformer's train.json as the build before the shared token record wrote it (the committed sample: its record
    /// derived the categorical one, so it held the LSTM fields and the state, unread) reads into the same transformer
    /// options, and the new shape writes every other field with the value it held and those fields no more.
    /// </summary>
    [Fact]
    public void A_transformer_record_with_the_former_lstm_fields_reads_as_before()
    {
        const string file = "transformer-with-lstm-fields.train.json";
        var options = TrainingJson.Read<TrainRecord>(Fixture(file), "training record").Options;
        var stored = JsonNode.Parse(File.ReadAllText(Fixture(file)))!["options"]!.AsObject();
        var family = stored[TrainingOptionsJsonConverter.FamilyProperty]!.AsObject();
        Assert.All(FormerTransformerFields, name => Assert.True(family.ContainsKey(name), $"the sample lacks {name}"));
        Assert.Equal(typeof(TransformerOptions), options.Family.GetType());
        var own = options.FamilyAs<TransformerOptions>();
        Assert.Equal((2, 4, 128, 512, 0.1), (own.Blocks, own.Heads, own.Width, own.FeedForward, own.Dropout));
        Assert.Equal([1, 2, 4, 8], own.LookbackBars);
        var written = JsonSerializer.SerializeToNode(options, TrainingJson.Options)!.AsObject();
        var record = written[TrainingOptionsJsonConverter.FamilyProperty]!.AsObject();
        foreach (var (name, value) in written.Where(p => p.Key != TrainingOptionsJsonConverter.FamilyProperty))
            Assert.True(JsonNode.DeepEquals(stored[name], value), $"{name}: stored {stored[name]?.ToJsonString()}, read {value?.ToJsonString()}");
        foreach (var (name, value) in record)
            Assert.True(JsonNode.DeepEquals(family[name], value), $"family.{name}: stored {family[name]?.ToJsonString()}, read {value?.ToJsonString()}");
        Assert.Equal(family.Count - FormerTransformerFields.Length, record.Count);
        Assert.All(FormerTransformerFields, name => Assert.False(record.ContainsKey(name), $"{name} is still written"));
    }

    /// <summary>
    /// A transformer folder trained now, its train.json given the former LSTM fields and state as that build wrote them,
    /// still describes, generates and resumes; the resumed run writes the record without them.
    /// </summary>
    [Fact]
    public void A_transformer_folder_with_the_former_lstm_fields_describes_generates_and_resumes()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        string model = tmp.Combine("model");
        string[] tiny = ["--model", "transformer", "--lookback", "8", "--width", "8", "--heads", "2", "--blocks", "1", "--ff", "16", "--batch", "8", "--threads", "1"];
        Assert.Equal(0, CommandRunner.Run(["train", data, "--out", model, "--epochs", "1", .. tiny]).ExitCode);
        string path = Path.Combine(model, Trainer.RecordFileName);
        string storedJson = JsonSerializer.Serialize(Trainer.ReadRecord(model).Options, TrainingJson.Options);

        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var record = root["options"]![TrainingOptionsJsonConverter.FamilyProperty]!.AsObject();
        var former = JsonNode.Parse(File.ReadAllText(Fixture("transformer-with-lstm-fields.train.json")))!["options"]![TrainingOptionsJsonConverter.FamilyProperty]!;
        foreach (string name in FormerTransformerFields) record[name] = former[name]!.DeepClone();
        File.WriteAllText(path, root.ToJsonString());

        AssertReadsDescribesAndGenerates(model, "transformer", storedJson, tmp);
        Assert.Equal(0, CommandRunner.Run(["train", data, "--out", model, "--resume", "--epochs", "2", .. tiny]).ExitCode);
        var after = JsonNode.Parse(File.ReadAllText(path))!["options"]![TrainingOptionsJsonConverter.FamilyProperty]!.AsObject();
        Assert.All(FormerTransformerFields, name => Assert.False(after.ContainsKey(name), $"the resumed run still writes {name}"));
    }

    // Every option the new shape writes (common part and family record) has the value the flat record held.
    private static void AssertReadAsWritten(TrainingOptions options, JsonObject flat, string family, params string[] missing)
    {
        Assert.Equal(family, options.Model.Name);
        Assert.Equal(family == "original" ? typeof(OriginalOptions) : typeof(CategoricalOptions), options.Family.GetType());
        var written = JsonSerializer.SerializeToNode(options, TrainingJson.Options)!.AsObject();
        var record = written[TrainingOptionsJsonConverter.FamilyProperty]!.AsObject();
        foreach (var (name, value) in written.Where(p => p.Key != TrainingOptionsJsonConverter.FamilyProperty).Concat(record))
        {
            if (missing.Contains(name)) continue;
            Assert.True(flat.ContainsKey(name), $"{name} is not in the flat record");
            Assert.True(JsonNode.DeepEquals(flat[name], value), $"{name}: flat {flat[name]?.ToJsonString()}, read {value?.ToJsonString()}");
        }
    }

    [Fact]
    public void A_new_record_writes_the_family_record_apart_and_reads_back_the_same()
    {
        var samples = new[]
        {
            TrainingOptions.For(ModelKind.Original),
            TrainingOptions.For(ModelKind.Original).WithFamily<OriginalOptions>(o => o with { Loss = LossKind.Mse, Hidden = [6, 5], LstmLayers = 2 }),
            TrainingOptions.For(ModelKind.Categorical),
            TrainingOptions.For(ModelKind.Categorical).WithFamily<CategoricalOptions>(c => c with { Notes = NoteTarget.Interval, LookbackBars = [], State = StateMode.Reset }) with { Stride = 3 },
        };
        foreach (var options in samples)
        {
            string json = JsonSerializer.Serialize(options, TrainingJson.Options);
            var node = JsonNode.Parse(json)!.AsObject();
            Assert.Equal(options.Model.Name, (string?)node["model"]);
            var record = node[TrainingOptionsJsonConverter.FamilyProperty]!.AsObject();
            Assert.False(record.ContainsKey("model"));
            Assert.Equal("hidden", record.First().Key); // the LSTM network first, then the family's own
            foreach (string familyOnly in new[] { "hidden", "lstm_layers", "dense", "mode", "loss", "notes", "state", "smoothing" })
                Assert.False(node.ContainsKey(familyOnly), $"{familyOnly} is written in the common part");
            var read = JsonSerializer.Deserialize<TrainingOptions>(json, TrainingJson.Options)!;
            Assert.Equal(options.Family.GetType(), read.Family.GetType());
            Assert.Equal(json, JsonSerializer.Serialize(read, TrainingJson.Options));
        }
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TrainingOptions>("{\"model\": \"original\", \"family\": 3}", TrainingJson.Options));
    }

    // The rewritten record reads into the options the folder was trained with, and the folder describes and generates.
    private static void AssertReadsDescribesAndGenerates(string model, string family, string storedJson, TempFolder tmp)
    {
        Assert.Equal(storedJson, JsonSerializer.Serialize(Trainer.ReadRecord(model).Options, TrainingJson.Options));
        Assert.Equal(family, ModelFamilies.OfFolder(model).Name);
        Assert.Equal(0, CommandRunner.Run("model", "summary", model).ExitCode);
        string song = tmp.Combine("song.mid");
        Assert.Equal(0, CommandRunner.Run("generate", model, "--out", song, "--notes", "20", "--seed", "1").ExitCode);
        Assert.True(File.Exists(song));
    }

    /// <summary>
    /// Folders of both families trained now, their train.json rewritten in the flat shape the committed samples have
    /// (the same names), still describe (<c>model summary</c>), generate and resume; the resumed run writes the new shape
    /// and continues with the stored options.
    /// </summary>
    [Theory]
    [InlineData("categorical", "flat-categorical-demo.train.json")]
    [InlineData("original", "flat-original-demo.train.json")]
    public void A_folder_with_a_flat_record_describes_generates_and_resumes(string family, string sample)
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        string model = tmp.Combine("model");
        string[] tiny = family == "categorical"
            ? ["--model", "categorical", "--lookback", "8", "--hidden", "8", "--batch", "8", "--threads", "1", "--normalize-key", "--smoothing", "0"]
            : ["--model", "original", "--lookback", "4", "--hidden", "6", "--dense", "5", "--batch", "8", "--threads", "1", "--loss", "mse"];
        Assert.Equal(0, CommandRunner.Run(["train", data, "--out", model, "--epochs", "1", .. tiny]).ExitCode);
        string path = Path.Combine(model, Trainer.RecordFileName);
        var stored = Trainer.ReadRecord(model).Options;
        string storedJson = JsonSerializer.Serialize(stored, TrainingJson.Options);

        // train.json as the build before the family records wrote it: every option flat in options.
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var options = root["options"]!.AsObject();
        var record = options[TrainingOptionsJsonConverter.FamilyProperty]!.AsObject();
        options.Remove(TrainingOptionsJsonConverter.FamilyProperty);
        foreach (var (name, value) in record.ToList()) options[name] = value?.DeepClone();
        var sampleKeys = JsonNode.Parse(File.ReadAllText(Fixture(sample)))!["options"]!.AsObject().Select(p => p.Key).ToHashSet();
        Assert.Subset(sampleKeys, options.Select(p => p.Key).ToHashSet());
        File.WriteAllText(path, root.ToJsonString());

        AssertReadsDescribesAndGenerates(model, family, storedJson, tmp);
        var resumed = CommandRunner.Run(["train", data, "--out", model, "--resume", "--epochs", "2", .. tiny]);
        Assert.Equal(0, resumed.ExitCode);
        var after = JsonNode.Parse(File.ReadAllText(path))!["options"]!.AsObject();
        Assert.True(after.ContainsKey(TrainingOptionsJsonConverter.FamilyProperty), "the resumed run writes the new shape");
        Assert.Equal(storedJson.Replace("\"epochs\": 1,", "\"epochs\": 2,", StringComparison.Ordinal),
            JsonSerializer.Serialize(Trainer.ReadRecord(model).Options, TrainingJson.Options));
    }
}
