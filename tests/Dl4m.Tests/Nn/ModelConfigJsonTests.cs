using Dl4m.Nn;

namespace Dl4m.Tests.Nn;

/// <summary>config.json is read by hand (not by the reflection serialiser that writes it): defaults of absent keys, one-line errors.</summary>
public class ModelConfigJsonTests
{
    [Fact]
    public void Every_key_the_serialiser_writes_is_read_back()
    {
        var config = new ModelConfig { InputSize = 7, Layers = [LayerConfig.Lstm(8, true), LayerConfig.Lstm(6), LayerConfig.Dense(5, Activation.Relu), LayerConfig.Dense(3, Activation.Sigmoid)] };
        string json = ModelConfigJson.Serialize(config);
        Assert.Equal(json, ModelConfigJson.Serialize(ModelConfigJson.Deserialize(json)));
    }

    [Fact]
    public void Absent_keys_keep_the_layer_defaults_and_unknown_keys_are_ignored()
    {
        var config = ModelConfigJson.Deserialize("""
            {"input_size": 3, "note": "from a newer dl4m",
             "layers": [{"kind": "lstm", "units": 4, "return_sequences": true, "dropout": 0.1}, {"kind": "Dense", "units": 2}]}
            """);
        Assert.Equal(3, config.InputSize);
        Assert.Equal([LayerConfig.Lstm(4, true), LayerConfig.Dense(2)], config.Layers);
        Assert.Equal(Activation.Linear, config.Layers[1].Activation);
        Assert.False(config.Layers[1].ReturnSequences);
    }

    [Theory]
    [InlineData("null", "not a valid model config: null")]
    [InlineData("{\"layers\": []}", "not a valid model config: the config has no \"input_size\"")]
    [InlineData("{\"input_size\": 3, \"layers\": [{\"kind\": \"lstm\"}]}", "not a valid model config: layer 0 has no \"units\"")]
    [InlineData("{\"input_size\": 3, \"layers\": [7]}", "not a valid model config: layer 0 must be a JSON object (got 7)")]
    [InlineData("{\"input_size\": 3, \"layers\": {\"kind\": \"lstm\"}}", "not a valid model config: \"layers\": expected an array of layers")]
    [InlineData("{\"input_size\": 3, \"layers\": [{\"kind\": \"dense\", \"units\": 2, \"activation\": \"gelu\"}]}", "not a valid model config: \"activation\": expected one of linear, relu, tanh, sigmoid (got \"gelu\")")]
    [InlineData("{\"input_size\": 3, \"layers\": [{\"kind\": \"dense\", \"units\": 2, \"return_sequences\": 1}]}", "not a valid model config: \"return_sequences\": expected true or false (got 1)")]
    [InlineData("{\"input_size\": 3.5, \"layers\": []}", "not a valid model config: \"input_size\": expected an integer (got 3.5)")]
    public void A_damaged_file_is_one_line_naming_the_file_and_the_key(string json, string message)
    {
        var e = Assert.Throws<Dl4mException>(() => ModelConfigJson.Deserialize(json, "m/config.json"));
        Assert.StartsWith("m/config.json: ", e.Message);
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
