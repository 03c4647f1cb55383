using System.Text.Json;
using Dl4m.Categorical;
using Dl4m.Families;
using Dl4m.Training;
using Dl4m.Families.Categorical;
using Dl4m.Families.Original;
using Dl4m.Families.Transformer;

namespace Dl4m.Tests.Families;

public sealed class ModelFamiliesTests
{
    [Fact]
    public void Every_model_kind_has_one_family_and_every_name_is_unique()
    {
        Assert.Equal([ModelKind.Original, ModelKind.Categorical, ModelKind.Transformer], ModelFamilies.Kinds);
        foreach (var kind in ModelFamilies.Kinds)
            Assert.Equal(kind, Assert.Single(ModelFamilies.All, f => f.Kind == kind).Kind);
        var names = ModelFamilies.AcceptedNames.Select(n => n.ToLowerInvariant()).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(ModelFamilies.All, f => Assert.Equal(f.Kind, f.Defaults.Model));
    }

    [Theory]
    [InlineData("original", "original")]
    [InlineData("seed", "original")] // the family's name before the rename
    [InlineData("Categorical", "categorical")]
    public void Families_are_found_by_name_or_alias(string name, string expected) =>
        Assert.Equal(new ModelKind(expected), ModelFamilies.Parse(name).Kind);

    [Fact]
    public void An_unknown_name_is_refused_naming_the_families() =>
        Assert.Contains("original, categorical or transformer", Assert.Throws<Dl4mException>(() => ModelFamilies.Parse("museformer")).Message);

    [Fact]
    public void Train_json_writes_the_family_name_and_reads_the_old_one()
    {
        string json = JsonSerializer.Serialize(new TrainingOptions(), TrainingJson.Options);
        using (var document = JsonDocument.Parse(json))
        {
            Assert.Equal("original", document.RootElement.GetProperty("model").GetString());
            Assert.Equal(0, document.RootElement.GetProperty("stride").GetInt32()); // null (the family's default) is written as before
        }
        var old = JsonSerializer.Deserialize<TrainingOptions>(json.Replace("\"original\"", "\"seed\"", StringComparison.Ordinal), TrainingJson.Options)!;
        Assert.Equal(ModelKind.Original, old.Model);
        Assert.Null(old.Stride);
        Assert.Equal(1, old.EffectiveStride);
        var strided = JsonSerializer.Deserialize<TrainingOptions>(JsonSerializer.Serialize(TrainingOptions.For(ModelKind.Categorical) with { Stride = 4 }, TrainingJson.Options), TrainingJson.Options)!;
        Assert.Equal((ModelKind.Categorical, 4), (strided.Model, strided.Stride));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TrainingOptions>("{\"model\": \"museformer\"}", TrainingJson.Options));
    }

    [Theory]
    [InlineData("seed", null, "original")]
    [InlineData("original", true, "original")] // the record wins over the files
    [InlineData("categorical", false, "categorical")] // a categorical folder that lost encoding.json is still categorical (its loader names the file)
    [InlineData(null, true, "categorical")] // no train.json: today's rule, encoding.json marks a categorical folder
    [InlineData(null, false, "original")]
    [InlineData("{ damaged", true, "categorical")] // an unreadable record: the same rule
    public void The_family_of_a_model_folder_is_train_json_s_else_told_by_its_files(string? recorded, bool? encoding, string expected)
    {
        using var tmp = new TempFolder();
        string folder = tmp.Combine("model");
        Directory.CreateDirectory(folder);
        if (recorded is not null)
            File.WriteAllText(Path.Combine(folder, Trainer.RecordFileName), recorded.StartsWith('{') ? recorded : $"{{\"options\": {{\"model\": \"{recorded}\"}}}}");
        if (encoding == true) File.WriteAllText(Path.Combine(folder, CategoricalEncodingJson.FileName), "{}");
        Assert.Equal(expected, ModelFamilies.OfFolder(folder).Name);
    }

    [Fact]
    public void A_family_this_dl4m_does_not_know_is_named()
    {
        using var tmp = new TempFolder();
        string folder = tmp.Combine("model");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, Trainer.RecordFileName), "{\"options\": {\"model\": \"museformer\"}}");
        var e = Assert.Throws<Dl4mException>(() => ModelFamilies.OfFolder(folder));
        Assert.Contains("'museformer'", e.Message);
        Assert.Contains("original, categorical or transformer", e.Message);
    }

    [Fact]
    public void Options_another_family_owns_are_not_in_the_original_record_and_strides_are_refused()
    {
        // State, key normalisation and lookback bars are the categorical record's: the original's cannot hold them.
        foreach (string name in new[] { nameof(CategoricalOptions.State), nameof(CategoricalOptions.NormalizeKey), nameof(CategoricalOptions.LookbackBars) })
            Assert.Null(typeof(OriginalOptions).GetProperty(name));
        // The transformer's record shares the tokens, not the LSTM network or the carried state: their flags are refused for it.
        foreach (string name in new[] { nameof(ILstmOptions.Hidden), nameof(ILstmOptions.LstmLayers), nameof(ILstmOptions.Dense), nameof(ILstmOptions.Mode), nameof(CategoricalOptions.State) })
            Assert.Null(typeof(TransformerOptions).GetProperty(name));
        Assert.True(typeof(CategoricalTokenOptions).IsAssignableFrom(typeof(TransformerOptions)) && typeof(CategoricalTokenOptions).IsAssignableFrom(typeof(CategoricalOptions)));
        var original = TrainingOptions.For(ModelKind.Original);
        Assert.StartsWith("TrainingOptions.Stride applies to TrainingOptions.Model categorical only", Assert.Throws<Dl4mException>((original with { Stride = 4 }).Validate).Message);
        // A family's code asking for another family's record is told so.
        Assert.Contains("TrainingOptions.Family must be a CategoricalOptions", Assert.Throws<Dl4mException>(() => original.FamilyAs<CategoricalOptions>()).Message);
    }
}
