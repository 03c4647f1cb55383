using Dl4m.Nn;

namespace Dl4m.Tests.Nn;

public class ModelConfigTests
{
    [Fact]
    public void SeedModelHasTheOriginalParameterCounts()
    {
        var config = ModelConfig.Seed;
        Assert.Equal(9_984, config.ParameterCount(0));
        Assert.Equal(1_176, config.ParameterCount(1));
        Assert.Equal(75, config.ParameterCount(2));
        Assert.Equal(11_235, config.ParameterCount());
        using var model = Model.Create(config, 0);
        Assert.Equal(11_235, model.Parameters.Sum(p => p.Data.Length));
        Assert.Equal(["lstm_1/kernel", "lstm_1/recurrent_kernel", "lstm_1/bias", "dense_1/kernel", "dense_1/bias", "dense_2/kernel", "dense_2/bias"],
            model.Parameters.Select(p => p.Name));
        Assert.Equal([3, 192], model.Parameters[0].Shape);
        Assert.Equal([48, 192], model.Parameters[1].Shape);
        Assert.Equal(model.Parameters.Select(p => p.Name), model.Gradients.Select(g => g.Name));
    }

    public static TheoryData<ModelConfig, string> Impossible => new()
    {
        { new ModelConfig { InputSize = 3, Layers = [] }, "layer list is empty" },
        { new ModelConfig { InputSize = 0, Layers = [LayerConfig.Dense(3)] }, "input_size 0" },
        { new ModelConfig { InputSize = 3, Layers = [LayerConfig.Lstm(48), LayerConfig.Dense(0)] }, "dense_1 has 0 units" },
        { new ModelConfig { InputSize = 3, Layers = [LayerConfig.Lstm(-4)] }, "lstm_1 has -4 units" },
        { new ModelConfig { InputSize = 3, Layers = [LayerConfig.Lstm(8), LayerConfig.Lstm(8)] }, "lstm_2 is an LSTM after a layer that returns no sequence" },
        { new ModelConfig { InputSize = 3, Layers = [LayerConfig.Lstm(8), LayerConfig.Dense(4), LayerConfig.Lstm(8, true)] }, "lstm_2 is an LSTM after" },
        { new ModelConfig { InputSize = 3, Layers = [LayerConfig.Lstm(60_000), LayerConfig.Dense(3)] }, "lstm_1 would need" },
        { new ModelConfig { InputSize = 3, Layers = [LayerConfig.Lstm(1 << 20)] }, "lstm_1 has 1048576 units" },
        { new ModelConfig { InputSize = 3, Layers = [LayerConfig.Lstm(8), LayerConfig.Dense(50_000), LayerConfig.Dense(50_000)] }, "dense_2 would need" },
    };

    [Theory]
    [MemberData(nameof(Impossible))]
    public void ImpossibleConfigsAreRejectedNamingTheLayer(ModelConfig config, string message)
    {
        var e = Assert.Throws<Dl4mException>(() => Model.Create(config, 0));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void JsonRoundTripIsSnakeCase()
    {
        var config = new ModelConfig { InputSize = 4, Layers = [LayerConfig.Lstm(8, true), LayerConfig.Dense(5, Activation.Sigmoid)] };
        string json = ModelConfigJson.Serialize(config);
        Assert.Contains("\"input_size\": 4", json);
        Assert.Contains("\"return_sequences\": true", json);
        Assert.Contains("\"kind\": \"lstm\"", json);
        Assert.Contains("\"activation\": \"sigmoid\"", json);
        var back = ModelConfigJson.Deserialize(json);
        Assert.Equal(config.InputSize, back.InputSize);
        Assert.Equal(config.Layers, back.Layers);
    }

    [Theory]
    [InlineData("{\"input_size\": 3}", "not a valid model config")]
    [InlineData("{\"input_size\": 3, \"layers\": [{\"kind\": \"gru\", \"units\": 4}]}", "not a valid model config")]
    [InlineData("{\"input_size\": 3, \"layers\": [{\"kind\": \"dense\", \"units\": 0}]}", "dense_1 has 0 units")]
    [InlineData("[1, 2]", "not a valid model config")]
    public void BadJsonIsAClearError(string json, string message)
    {
        var e = Assert.Throws<Dl4mException>(() => ModelConfigJson.Deserialize(json, "my.json"));
        Assert.StartsWith("my.json: ", e.Message);
        Assert.Contains(message, e.Message);
    }
}
